#!/usr/bin/env python3
"""Cluster proof for Lightbox with separate processes (issue 16, item 1). Run by
scripts/cluster-test.sh, which starts PostgreSQL, builds the jar and the s3proxy classpath and
stops every process this driver started (their PIDs are in WORK/pids/) on any exit.

The driver starts one s3proxy process (filesystem backend under WORK/s3) and 3 `lightbox serve`
processes on fixed loopback ports sharing it and PostgreSQL, and checks, round-robin over the nodes:
read-your-writes on every node, same-UID upload races, SIGKILLs under load, orphan sweeping, a
rolling restart under load, and backup/restore. One "PASS"/"FAIL" line per check; exit status 1 if
any check failed. `--bench` measures upload throughput of 1 node vs 3 instead.

Python 3 standard library only. The DICOM files are generated here (a tiny Explicit VR Little
Endian writer, PS3.5 §7.1.2 and PS3.10 §7.1), so the test needs no corpus.
"""
import argparse
import base64
import email.utils
import hashlib
import hmac
import http.client
import json
import os
import random
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

BUCKET = "lightbox"
ACCESS = "lightbox-cluster"
SECRET = "lightbox-cluster-secret"
SC_CLASS = "1.2.840.10008.5.1.4.1.1.7"  # Secondary Capture Image Storage (PS3.4 Annex B.5)
EXPLICIT_LE = "1.2.840.10008.1.2.1"
ROOT_UID = "2.25.%d" % random.SystemRandom().getrandbits(64)  # PS3.5 §B.2: UUID-derived root
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

failures = []
started_at = time.monotonic()


def log(msg):
    print("[%6.1fs] %s" % (time.monotonic() - started_at, msg), flush=True)


def check(name, ok, detail):
    line = "%s %s: %s" % ("PASS" if ok else "FAIL", name, detail)
    print(line, flush=True)
    if not ok:
        failures.append(line)
    return ok


# ---------------------------------------------------------------- DICOM files

def _el(group, elem, vr, value):
    if vr in ("OB", "OW", "UN", "SQ", "UT"):
        return struct.pack("<HH2sHI", group, elem, vr.encode(), 0, len(value)) + value
    return struct.pack("<HH2sH", group, elem, vr.encode(), len(value)) + value


def _text(s, pad=b" "):
    b = s.encode("ascii")
    return b + pad if len(b) % 2 else b


def _uid(s):
    return _text(s, b"\0")


def dicom_file(study, series, sop, description="", rows=16, cols=16, seed=0):
    """A Secondary Capture image, 8-bit MONOCHROME2, rows x cols, Explicit VR Little Endian."""
    rnd = random.Random(seed)
    pixels = bytes(rnd.getrandbits(8) for _ in range(rows * cols))
    if len(pixels) % 2:
        pixels += b"\0"
    meta_body = (_el(2, 1, "OB", b"\0\1") + _el(2, 2, "UI", _uid(SC_CLASS)) + _el(2, 3, "UI", _uid(sop))
                 + _el(2, 0x10, "UI", _uid(EXPLICIT_LE)) + _el(2, 0x12, "UI", _uid("2.25.1")))
    meta = _el(2, 0, "UL", struct.pack("<I", len(meta_body))) + meta_body
    us = lambda v: struct.pack("<H", v)
    ds = (_el(8, 0x16, "UI", _uid(SC_CLASS)) + _el(8, 0x18, "UI", _uid(sop))
          + _el(8, 0x20, "DA", _text("20240229")) + _el(8, 0x60, "CS", _text("OT"))
          + _el(8, 0x103E, "LO", _text(description or "cluster test"))
          + _el(0x10, 0x10, "PN", _text("Cluster^Test")) + _el(0x10, 0x20, "LO", _text("CLUSTER-1"))
          + _el(0x20, 0x0D, "UI", _uid(study)) + _el(0x20, 0x0E, "UI", _uid(series))
          + _el(0x28, 2, "US", us(1)) + _el(0x28, 4, "CS", _text("MONOCHROME2"))
          + _el(0x28, 0x10, "US", us(rows)) + _el(0x28, 0x11, "US", us(cols))
          + _el(0x28, 0x100, "US", us(8)) + _el(0x28, 0x101, "US", us(8))
          + _el(0x28, 0x102, "US", us(7)) + _el(0x28, 0x103, "US", us(0))
          + _el(0x7FE0, 0x10, "OB", pixels))
    return b"\0" * 128 + b"DICM" + meta + ds


_uid_counter = [0]
_uid_lock = threading.Lock()


def new_uid():
    with _uid_lock:
        _uid_counter[0] += 1
        return "%s.%d" % (ROOT_UID, _uid_counter[0])


def sha(b):
    return hashlib.sha256(b).hexdigest()


# ---------------------------------------------------------------- HTTP

# The nodes run with --auth required (issue 16 runs its cluster proof over access control): every
# request to a node carries this admin token, made with `lightbox token create` before they start.
TOKEN = None


def auth_headers():
    return {"Authorization": "Bearer " + TOKEN} if TOKEN else {}


def request(port, method, path, body=None, headers=None, timeout=30, auth=True):
    """One request on a fresh connection; returns (status, headers dict, body bytes)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        h = {"Connection": "close"}
        if auth:
            h.update(auth_headers())
        h.update(headers or {})  # a caller's own Authorization (s3proxy's) wins
        conn.request(method, path, body=body, headers=h)
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        conn.close()


def upload(port, data, timeout=60):
    return request(port, "POST", "/instances", data, {"Content-Type": "application/dicom"}, timeout)


# ---------------------------------------------------------------- processes

class Procs:
    """Every child process, with its PID written to WORK/pids/NAME.pid for the shell's trap."""

    def __init__(self, args):
        self.args = args
        self.work = args.work
        self.pids = os.path.join(self.work, "pids")
        os.makedirs(self.pids, exist_ok=True)
        self.procs = {}
        self.logs = os.path.join(self.work, "logs")
        os.makedirs(self.logs, exist_ok=True)
        self.s3_port = free_port()
        self.node_ports = [free_port() for _ in range(args.nodes)]
        self.s3_dir = os.path.join(self.work, "s3")

    def _spawn(self, name, cmd, env):
        out = open(os.path.join(self.logs, name + ".log"), "ab")
        p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, stdin=subprocess.DEVNULL)
        out.close()
        self.procs[name] = p
        with open(os.path.join(self.pids, name + ".pid"), "w") as f:
            f.write(str(p.pid))
        return p

    def _reaped(self, name):
        p = self.procs.pop(name, None)
        try:
            os.remove(os.path.join(self.pids, name + ".pid"))
        except FileNotFoundError:
            pass
        return p

    def env(self):
        e = dict(os.environ)
        e["LIGHTBOX_S3_ACCESS_KEY"] = ACCESS
        e["LIGHTBOX_S3_SECRET_KEY"] = SECRET
        e["LIGHTBOX_POSTGRES_URL"] = self.args.postgres_url  # environment: never in `ps`
        return e

    def start_s3(self):
        self._spawn("s3proxy", ["java", "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                                "-cp", self.args.s3_classpath, self.args.s3_launcher,
                                str(self.s3_port), self.s3_dir, BUCKET], self.env())
        wait_for("s3proxy ready", lambda: port_open(self.s3_port), 90)

    def stop(self, name, sig=signal.SIGTERM, timeout=60):
        p = self.procs.get(name)
        if p is None:
            return None
        if p.poll() is None:
            p.send_signal(sig)
        try:
            rc = p.wait(timeout)
        except subprocess.TimeoutExpired:
            p.kill()
            rc = p.wait(10)
            log("%s did not exit within %ss of signal %d: killed" % (name, timeout, sig))
            rc = ("timeout", rc)
        self._reaped(name)
        return rc

    def node_name(self, i):
        return "node%d" % i

    def start_node(self, i, wait=True):
        port = self.node_ports[i]
        # Checks: C1 only, so the many restarts on 2 shared cores come up sooner. Benchmark: the
        # launcher's settings (full tiered compilation).
        jit = [] if self.args.bench else ["-XX:TieredStopAtLevel=1"]
        cmd = ["java", "-Xms32m", "-Xmx%s" % self.args.node_heap, "-XX:+UseSerialGC"] + jit + [
               "-Xss512k", "-XX:+ExitOnOutOfMemoryError", "-jar", self.args.jar, "serve", "--host", "127.0.0.1", "--port", str(port),
               "--data", os.path.join(self.work, self.node_name(i)),
               "--s3-endpoint", "http://127.0.0.1:%d" % self.s3_port, "--s3-bucket", BUCKET,
               "--sweep-grace-minutes", "0", "--sweep-interval-minutes", "1",
               "--max-concurrent-uploads", "64", "--drain-timeout", "20"] + (
               ["--auth", "required", "--audit-log", os.path.join(self.work, "logs",
                                                                 "audit-%d.log" % i)]
               if TOKEN else [])
        self._spawn(self.node_name(i), cmd, self.env())
        if wait:
            self.wait_ready(i)

    def wait_ready(self, i, timeout=120):
        port = self.node_ports[i]
        p = self.procs[self.node_name(i)]

        def ready():
            if p.poll() is not None:
                raise RuntimeError("%s exited with %s during start-up (log %s)"
                                   % (self.node_name(i), p.returncode, self.logs))
            try:
                return request(port, "GET", "/health/ready", timeout=2)[0] == 200
            except OSError:
                return False
        wait_for("%s ready" % self.node_name(i), ready, timeout)

    def is_ready(self, i):
        try:
            return request(self.node_ports[i], "GET", "/health/ready", timeout=2)[0] == 200
        except OSError:
            return False

    def stop_all(self):
        for name in list(self.procs):
            if name.startswith("node"):
                self.stop(name, signal.SIGTERM, 40)
        if "s3proxy" in self.procs:
            self.stop("s3proxy", signal.SIGTERM, 20)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def wait_for(what, cond, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return
        time.sleep(0.1)
    raise RuntimeError("timed out after %ss waiting for %s" % (timeout, what))


# ---------------------------------------------------------------- S3 and index views

def bucket_keys(procs):
    """Content-addressed blob keys in the bucket directory (s3proxy keeps one file per object)."""
    root = os.path.join(procs.s3_dir, BUCKET, "sha256")
    keys = set()
    for d, _, files in os.walk(root):
        for f in files:
            if len(f) == 64:
                keys.add(f)
    return keys


def all_rows(port):
    rows, offset = [], 0
    while True:
        st, _, body = request(port, "GET", "/instances?limit=10000&offset=%d" % offset, timeout=60)
        if st != 200:
            raise RuntimeError("GET /instances: %d %s" % (st, body[:200]))
        page = json.loads(body)
        rows += page["items"]
        offset += len(page["items"])
        if not page["items"] or offset >= page["total"]:
            return rows


def s3_put_v2(port, key, data):
    """PUT an object with AWS signature version 2 (what s3proxy accepts besides v4)."""
    date = email.utils.formatdate(usegmt=True)
    ctype = "application/octet-stream"
    to_sign = "PUT\n\n%s\n%s\n/%s/%s" % (ctype, date, BUCKET, key)
    sig = base64.b64encode(hmac.new(SECRET.encode(), to_sign.encode(), hashlib.sha1).digest()).decode()
    return request(port, "PUT", "/%s/%s" % (BUCKET, key), data,
                   {"Date": date, "Content-Type": ctype, "Authorization": "AWS %s:%s" % (ACCESS, sig)})


def blob_key(sha_hex):
    return "sha256/%s/%s/%s" % (sha_hex[:2], sha_hex[2:4], sha_hex)


def verify_reads(ports, expected, label, allow_missing=False):
    """Reads every (uid -> sha) round-robin over ports; returns (verified, problems)."""
    problems, verified = [], 0
    items = sorted(expected.items())

    def one(k):
        i, (uid, want) = k
        st, _, body = request(ports[i % len(ports)], "GET", "/instances/%s/file" % uid, timeout=60)
        if st == 404 and allow_missing:
            return None
        if st != 200:
            return "%s: %s on port %d" % (uid, st, ports[i % len(ports)])
        if sha(body) != want:
            return "%s: sha256 %s, expected %s" % (uid, sha(body), want)
        return "ok"
    with ThreadPoolExecutor(8) as ex:
        for r in ex.map(one, enumerate(items)):
            if r == "ok":
                verified += 1
            elif r is not None:
                problems.append(r)
    return verified, problems


# ---------------------------------------------------------------- checks

def check_read_your_writes(procs):
    ports = procs.node_ports
    study = new_uid()
    bad = []
    n = 0
    for i in range(2 * len(ports)):
        series, uid = new_uid(), new_uid()
        data = dicom_file(study, series, uid, seed=i)
        up = ports[i % len(ports)]
        st, _, body = upload(up, data)
        if st != 201:
            bad.append("upload on %d: %d %s" % (up, st, body[:200]))
            continue
        for p in ports:  # immediately after the acknowledgement, on every node
            n += 1
            st, _, b = request(p, "GET", "/instances/%s/file" % uid)
            if st != 200 or b != data:
                bad.append("file on %d: %d" % (p, st))
            st, h, b = request(p, "GET", "/instances/%s/rendered" % uid)
            if st != 200 or h.get("content-type") != "image/png" or not b.startswith(PNG_MAGIC):
                bad.append("rendered on %d: %d %s" % (p, st, h.get("content-type")))
            st, _, b = request(p, "GET", "/instances?SeriesInstanceUID=%s" % series)
            if st != 200 or [x["id"] for x in json.loads(b)["items"]] != [uid]:
                bad.append("list on %d: %d %s" % (p, st, b[:200]))
            st, _, b = request(p, "GET", "/dicomweb/studies?StudyInstanceUID=%s" % study,
                               headers={"Accept": "application/dicom+json"})
            studies = json.loads(b) if st == 200 else []
            count = studies[0].get("00201208", {}).get("Value", [None])[0] if len(studies) == 1 else None
            if count != i + 1:  # NumberOfStudyRelatedInstances (0020,1208), PS3.18 Table 10.6.3-2
                bad.append("QIDO on %d after upload %d: %d, %d studies, related instances %s"
                           % (p, i + 1, st, len(studies), count))
    check("read-your-writes", not bad,
          "%d uploads, each read (file bytes, rendered PNG, /instances, QIDO) on all %d nodes right after "
          "its 201 (%d node reads)%s" % (2 * len(ports), len(ports), n, "; " + "; ".join(bad[:5]) if bad else ""))


def race(procs, variants):
    """50 concurrent uploads of one SOP Instance UID spread over the nodes; returns statuses."""
    ports = procs.node_ports
    barrier = threading.Barrier(len(variants))

    def go(i):
        barrier.wait(30)
        return upload(ports[i % len(ports)], variants[i])[0]
    with ThreadPoolExecutor(len(variants)) as ex:
        return list(ex.map(go, range(len(variants))))


def check_races(procs, n=50):
    ports = procs.node_ports
    study, series, uid = new_uid(), new_uid(), new_uid()
    same = dicom_file(study, series, uid, seed=7)
    st = race(procs, [same] * n)
    rows = [json.loads(request(p, "GET", "/instances?StudyInstanceUID=%s" % study)[2])["total"] for p in ports]
    reads = [request(p, "GET", "/instances/%s/file" % uid)[2] == same for p in ports]
    ok = st.count(201) == 1 and st.count(200) == n - 1 and rows == [1] * len(ports) and all(reads)
    check("race-identical", ok, "%d concurrent identical uploads of one SOP Instance UID over %d nodes: "
          "201 x%d, 200 x%d, other %s; instances of the study per node %s; bytes intact on every node %s"
          % (n, len(ports), st.count(201), st.count(200), sorted(s for s in st if s not in (200, 201)),
             rows, all(reads)))

    study, series, uid = new_uid(), new_uid(), new_uid()
    variants = [dicom_file(study, series, uid, description="variant %02d" % i, seed=8) for i in range(n)]
    assert len({sha(v) for v in variants}) == n
    st = race(procs, variants)
    winners = [i for i, s in enumerate(st) if s == 201]
    rows = [json.loads(request(p, "GET", "/instances?StudyInstanceUID=%s" % study)[2])["total"] for p in ports]
    intact = len(winners) == 1 and all(
        request(p, "GET", "/instances/%s/file" % uid)[2] == variants[winners[0]] for p in ports)
    ok = len(winners) == 1 and st.count(409) == n - 1 and rows == [1] * len(ports) and intact
    check("race-different", ok, "%d concurrent uploads of one SOP Instance UID with %d different contents: "
          "201 x%d, 409 x%d, other %s; instances per node %s; the winner's bytes on every node %s"
          % (n, n, len(winners), st.count(409), sorted(s for s in st if s not in (201, 409)), rows, intact))


class Uploader:
    """Threads uploading distinct small files round-robin over a rotation of node ports."""

    def __init__(self, rotation, threads, strict=False, reads=False):
        self.rotation = rotation  # list, mutated under lock by the orchestrator
        self.lock = threading.Lock()
        self.acked = {}  # uid -> sha of 2xx uploads
        self.in_doubt = {}  # uid -> sha of uploads with no answer (connection broke)
        self.failed = []  # strict mode: every request that did not succeed
        self.refused = 0
        self.resets = 0  # connections reset before any answer, retried (see _send)
        self.requests = 0
        self.strict = strict  # rolling restart: any failure counts; kills: unanswered = in doubt
        self.reads = reads
        self.stop_flag = threading.Event()
        self.rr = 0
        self.threads = [threading.Thread(target=self._run, args=(t,), daemon=True) for t in range(threads)]
        self.study = new_uid()

    def start(self):
        for t in self.threads:
            t.start()
        return self

    def stop(self):
        self.stop_flag.set()
        for t in self.threads:
            t.join(120)

    def _next_port(self):
        with self.lock:
            self.rr += 1
            rot = self.rotation
            return rot[self.rr % len(rot)] if rot else None

    def _send(self, fn):
        """fn(port) on the next node; returns (fn's result, connection resets retried).

        A refused connection (nothing was sent) is retried on the next node. So is a connection
        reset before any answer: a node that closes its listening socket to drain resets the
        connections the kernel had completed but the server had not yet accepted (TCP gives a
        server no way to refuse those), and uploads are idempotent (the same bytes again answer
        200), so a client may safely send again (rolling restart only: under SIGKILLs a reset
        request is in doubt and counted so). The caller checks that a reset request had not
        been stored: a retried upload answered 200 would be an acknowledgement lost to the drain."""
        resets = 0
        for attempt in range(1000):
            if attempt and self.stop_flag.is_set():
                raise RuntimeError("stopped while no node accepted a connection")
            port = self._next_port()
            if port is None:
                time.sleep(0.05)
                continue
            try:
                return fn(port), resets
            except ConnectionRefusedError:
                with self.lock:
                    self.refused += 1
                time.sleep(0.05)
            except (ConnectionResetError, BrokenPipeError):
                if not self.strict:  # SIGKILLs: a reset request may have been stored: in doubt
                    raise
                resets += 1
                with self.lock:
                    self.resets += 1
                if resets > 3:
                    raise
                time.sleep(0.05)
        raise RuntimeError("no node accepted a connection")

    def _run(self, t):
        rnd = random.Random(t)
        series = new_uid()
        while not self.stop_flag.is_set():
            uid = new_uid()
            data = dicom_file(self.study, series, uid, seed=rnd.getrandbits(32))
            digest = sha(data)
            with self.lock:
                self.requests += 1
            try:
                (st, _, body), resets = self._send(lambda p: upload(p, data))
            except RuntimeError as e:  # never sent: every node refused the connection
                if self.strict:
                    with self.lock:
                        self.failed.append("upload %s: %s" % (uid, e))
                continue
            except (OSError, http.client.HTTPException) as e:  # sent, no answer: in doubt
                with self.lock:
                    if self.strict:
                        self.failed.append("upload %s: %r" % (uid, e))
                    self.in_doubt[uid] = digest
                continue
            with self.lock:
                if resets and st == 200:
                    # Fresh UID: 200 means the reset attempt had been stored and its answer lost.
                    self.failed.append("upload %s: stored, but its answer was lost to a connection "
                                       "reset (retry answered 200)" % uid)
                if st in (200, 201):
                    self.acked[uid] = digest
                else:
                    if self.strict or st < 500:
                        self.failed.append("upload %s: %d %s" % (uid, st, body[:120]))
                    self.in_doubt[uid] = digest
            if self.reads and self.acked:
                with self.lock:
                    ruid, rsha = rnd.choice(list(self.acked.items())[-200:])
                    self.requests += 1
                try:
                    (st, _, body), _ = self._send(lambda p: request(p, "GET", "/instances/%s/file" % ruid))
                    if st != 200 or sha(body) != rsha:
                        with self.lock:
                            self.failed.append("read %s: %d" % (ruid, st))
                except (OSError, http.client.HTTPException, RuntimeError) as e:
                    with self.lock:
                        self.failed.append("read %s: %r" % (ruid, e))


def check_kills(procs, target, budget, min_kills):
    """SIGKILL nodes in turn during uploads; `budget` seconds at most (the count done is asserted)."""
    ports = procs.node_ports
    up = Uploader(list(ports), threads=6).start()
    kills, rnd, t0 = 0, random.Random(16), time.monotonic()
    try:
        while kills < target and time.monotonic() - t0 < budget:
            i = kills % len(ports)
            name = procs.node_name(i)
            # Kill only a node that is serving again, and only while another node serves too (the
            # cluster never goes dark), at a random moment of the load.
            procs.wait_ready(i, 90)
            wait_for("another node ready", lambda: any(procs.is_ready(j) for j in range(len(ports)) if j != i), 90)
            time.sleep(rnd.uniform(0.2, 1.0))
            p = procs.procs[name]
            p.send_signal(signal.SIGKILL)
            p.wait(30)
            procs._reaped(name)
            kills += 1
            procs.start_node(i, wait=False)
    finally:
        time.sleep(1)
        up.stop()
    elapsed = time.monotonic() - t0
    for i in range(len(ports)):
        procs.wait_ready(i)
    log("kills: %d in %.0fs; %d acknowledged uploads, %d unanswered, %d refused connections retried" %
        (kills, elapsed, len(up.acked), len(up.in_doubt), up.refused))
    verified, problems = verify_reads(ports, up.acked, "acked")
    doubt_ok, doubt_problems = verify_reads(ports, up.in_doubt, "in doubt", allow_missing=True)
    enough = kills == target or (kills >= min_kills and elapsed >= budget)
    problems = problems + doubt_problems + up.failed
    check("sigkill", enough and verified == len(up.acked) and not problems and len(up.acked) > 0,
          "%d SIGKILLs (target %d, time budget %.0fs%s) in %.0fs during concurrent uploads over %d nodes, "
          "each node restarted; %d acknowledged uploads, %d read back with matching SHA-256 (lost: %d); "
          "%d unanswered uploads, %d of them stored and complete, the rest absent%s"
          % (kills, target, budget, ", minimum %d" % min_kills if kills < target else "", elapsed,
             len(ports), len(up.acked), verified, len(up.acked) - verified, len(up.in_doubt), doubt_ok,
             "; " + "; ".join(problems[:5]) if problems else ""))
    return up


def check_index_vs_blobs(procs, label):
    """Every row's blob exists and hashes right (read over HTTP); returns the orphan key set."""
    ports = procs.node_ports
    rows = all_rows(ports[0])
    verified, problems = verify_reads(ports, {r["id"]: r["sha256"] for r in rows}, label)
    keys = bucket_keys(procs)
    referenced = {r["sha256"] for r in rows}
    missing = referenced - keys
    check("rows-have-blobs (%s)" % label, not problems and not missing,
          "%d index rows, every blob read back with the row's SHA-256 (%d), rows without blob file %d%s"
          % (len(rows), verified, len(missing), "; " + "; ".join(problems[:5]) if problems else ""))
    return keys - referenced


def check_sweep(procs, planted, timeout):
    """Orphans now (left by kills; the planted one may already be gone) must all be swept."""
    orphans = check_index_vs_blobs(procs, "after kills") | planted
    log("orphan blobs: %d left by kills, %d planted (%d of them still there); waiting for the sweeper "
        "(grace 0, lease 1 min, interval 1 min)" % (len(orphans - planted), len(planted),
                                                    len(planted & bucket_keys(procs))))
    t0 = time.monotonic()
    left = set(orphans)
    while left and time.monotonic() - t0 < timeout:
        time.sleep(2)
        left = orphans & bucket_keys(procs)
    rows = {r["sha256"] for r in all_rows(procs.node_ports[0])}
    check("sweeper", not left and orphans.isdisjoint(rows),
          "%d orphan blobs (%d planted through S3, %d left by kills) removed by the sweeper within %.0fs; "
          "left: %d" % (len(orphans), len(planted), len(orphans - planted), time.monotonic() - t0, len(left)))


def slow_upload(port, data, seconds, result):
    """An upload whose body trickles in over `seconds`: in flight when SIGTERM arrives."""
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.putrequest("POST", "/instances")
        conn.putheader("Content-Type", "application/dicom")
        conn.putheader("Content-Length", str(len(data)))
        for k, v in auth_headers().items():
            conn.putheader(k, v)
        conn.endheaders()
        pieces = 10
        step = (len(data) + pieces - 1) // pieces
        for k in range(pieces):
            conn.send(data[k * step:(k + 1) * step])
            time.sleep(seconds / pieces)
        r = conn.getresponse()
        result.append(r.status)
        r.read()
        conn.close()
    except Exception as e:  # reported by the caller
        result.append(repr(e))


def create_token(procs):
    """An admin token in the shared index, made by the CLI as an operator would, before any node."""
    global TOKEN
    out = subprocess.run(["java", "-jar", procs.args.jar, "token", "create", "--tenant", "default",
                          "--scope", "read,write,delete,admin", "--name", "cluster-driver",
                          "--data", os.path.join(procs.work, "token-cli")],
                         env=procs.env(), capture_output=True, text=True, timeout=120)
    if out.returncode != 0 or not out.stdout.strip().startswith("lbx_"):
        raise RuntimeError("token create: exit %d: %s" % (out.returncode, out.stderr.strip()[-300:]))
    TOKEN = out.stdout.strip()


def check_tokens_across_nodes(procs):
    """No credentials: 401 on every node. A token made on one node works on every node at once;
    revoked on another node, it is refused everywhere within the documented few seconds."""
    ports = procs.node_ports
    anonymous = [request(p, "GET", "/instances", auth=False)[0] for p in ports]
    st, _, body = request(ports[0], "POST", "/tokens",
                          json.dumps({"tenant": "default", "scopes": ["read"],
                                      "name": "cluster-reader"}).encode(),
                          {"Content-Type": "application/json"})
    if st != 201:
        check("tokens across nodes", False, "POST /tokens on node 0: %d %s" % (st, body[:200]))
        return
    secret = json.loads(body)["secret"]
    reader = {"Authorization": "Bearer " + secret}
    fresh = [request(p, "GET", "/instances?limit=1", headers=reader)[0] for p in ports]
    st_rev = request(ports[1], "DELETE", "/tokens/cluster-reader")[0]
    t0 = time.monotonic()
    refused = []
    while time.monotonic() - t0 < 15:
        refused = [request(p, "GET", "/instances?limit=1", headers=reader)[0] for p in ports]
        if all(s == 401 for s in refused):
            break
        time.sleep(0.2)
    waited = time.monotonic() - t0
    check("tokens across nodes",
          all(s == 401 for s in anonymous) and all(s == 200 for s in fresh) and st_rev == 200
          and all(s == 401 for s in refused) and waited <= 5,
          "no credentials %s; a token made on node 0: %s on the nodes; revoked on node 1 (%d): "
          "refused everywhere after %.1f s %s" % (anonymous, fresh, st_rev, waited, refused))


def check_rolling_restart(procs, all_acked):
    ports = procs.node_ports
    rotation = list(ports)
    up = Uploader(rotation, threads=4, strict=True, reads=True).start()  # rotation never changes
    time.sleep(3)
    slow, codes, t0 = [], [], time.monotonic()
    try:
        for i, port in enumerate(ports):
            uid = new_uid()
            data = dicom_file(new_uid(), new_uid(), uid, rows=64, cols=64, seed=i)
            res = []
            th = threading.Thread(target=slow_upload, args=(port, data, 2.0, res))
            th.start()
            time.sleep(0.5)  # the slow upload is sending its body when SIGTERM arrives
            # The node stays in the rotation: once it drains it refuses new connections, and the
            # client retries those (only those) on the next node.
            rc = procs.stop(procs.node_name(i), signal.SIGTERM, 60)  # drain, exit 0
            th.join(60)
            codes.append(rc)
            slow.append((res[0] if res else "no answer", uid, sha(data)))
            procs.start_node(i, wait=True)
            time.sleep(1)
    finally:
        up.stop()
    elapsed = time.monotonic() - t0
    drained = [s for s, _, _ in slow]
    for s, uid, digest in slow:
        if s == 201:
            up.acked[uid] = digest
    check("rolling-restart", not up.failed and codes == [0] * len(ports) and drained == [201] * len(ports),
          "%d nodes restarted one by one (SIGTERM, exit, start, /health/ready) in %.0fs under load: %d requests, "
          "%d failed, %d connection refusals and %d resets before any answer retried; exit codes %s; "
          "upload in flight at each SIGTERM answered %s%s"
          % (len(ports), elapsed, up.requests, len(up.failed), up.refused, up.resets, codes, drained,
             "; " + "; ".join(up.failed[:5]) if up.failed else ""))
    all_acked.update(up.acked)


def pg(args):
    u = urllib.parse.urlparse(args.postgres_url[len("jdbc:"):])
    q = urllib.parse.parse_qs(u.query)
    env = dict(os.environ, PGPASSWORD=q["password"][0])
    base = ["-h", u.hostname, "-p", str(u.port), "-U", q["user"][0]]
    return env, base, u.path.lstrip("/")


def run(cmd, env, what):
    r = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)
    if r.returncode != 0:
        raise RuntimeError("%s failed (%d): %s" % (what, r.returncode, r.stdout.decode()[-500:]))
    return r.stdout.decode()


def check_backup_restore(procs, all_acked):
    """The order of docs/operations.md: PostgreSQL dump first, then the bucket; online, under uploads."""
    args = procs.args
    env, base, db = pg(args)
    binp = args.pg_bin
    backup = os.path.join(procs.work, "backup")
    os.makedirs(backup, exist_ok=True)
    up = Uploader(list(procs.node_ports), threads=2).start()
    time.sleep(2)
    with up.lock:
        before_dump = dict(all_acked)
        before_dump.update(up.acked)
    t0 = time.monotonic()
    run([os.path.join(binp, "pg_dump")] + base + ["-Fc", "-f", os.path.join(backup, "index.dump"), db], env,
        "pg_dump")
    time.sleep(1)  # uploads keep landing between the dump and the copy: blobs the dump never references
    run(["cp", "-a", os.path.join(procs.s3_dir, BUCKET), os.path.join(backup, "bucket")], env, "cp bucket")
    backup_s = time.monotonic() - t0
    up.stop()
    after = dict(up.acked)
    # Wipe both stores.
    for i in range(len(procs.node_ports)):
        procs.stop(procs.node_name(i), signal.SIGTERM, 40)
    procs.stop("s3proxy", signal.SIGTERM, 20)
    run([os.path.join(binp, "dropdb")] + base + [db], env, "dropdb")
    run([os.path.join(binp, "createdb")] + base + [db], env, "createdb")
    run(["rm", "-rf", os.path.join(procs.s3_dir, BUCKET)], env, "rm bucket")
    # Restore: index, then blobs (either order works once both are back before the nodes start).
    run([os.path.join(binp, "pg_restore")] + base + ["--no-owner", "-d", db, os.path.join(backup, "index.dump")],
        env, "pg_restore")
    run(["cp", "-a", os.path.join(backup, "bucket"), os.path.join(procs.s3_dir, BUCKET)], env, "cp restore")
    procs.start_s3()
    for i in range(len(procs.node_ports)):
        procs.start_node(i, wait=False)
    for i in range(len(procs.node_ports)):
        procs.wait_ready(i)
    rows = all_rows(procs.node_ports[0])
    row_ids = {r["id"] for r in rows}
    verified, problems = verify_reads(procs.node_ports, before_dump, "restored")
    rverified, rproblems = verify_reads(procs.node_ports, {r["id"]: r["sha256"] for r in rows}, "restored rows")
    later = len(set(after) - set(before_dump))
    check("backup-restore", not problems and not rproblems and verified == len(before_dump),
          "online backup under uploads (pg_dump, then bucket copy: %.1fs), both stores wiped and restored: "
          "%d of %d uploads acknowledged before the dump read back with their SHA-256; %d restored rows all "
          "with their blob (%d verified); %d uploads acknowledged during the backup, %d of them in the "
          "restored index%s"
          % (backup_s, verified, len(before_dump), len(rows), rverified, later,
             len(set(after) & row_ids - set(before_dump)),
             "; " + "; ".join((problems + rproblems)[:5]) if problems or rproblems else ""))


# ---------------------------------------------------------------- benchmark

def cpu_seconds(pids):
    """User + system CPU seconds of these processes so far (/proc/PID/stat fields 14 and 15)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            with open("/proc/%d/stat" % pid) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total / tick


def postgres_pids():
    """The test cluster's postmaster and its children (the backends serving the nodes)."""
    data = os.environ.get("LIGHTBOX_TEST_POSTGRES_PGDATA")
    if not data:
        return []
    with open(os.path.join(data, "postmaster.pid")) as f:
        master = int(f.readline())
    pids = [master]
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open("/proc/%s/stat" % d) as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == master:
                        pids.append(int(d))
            except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
                pass
    return pids


def bench_rate(procs, ports, n, conc, size):
    study = new_uid()
    files = [dicom_file(study, study + ".1", new_uid(), rows=size, cols=size, seed=i) for i in range(n)]
    bad = []
    groups = {"nodes": [p.pid for name, p in procs.procs.items() if name.startswith("node")],
              "s3proxy": [procs.procs["s3proxy"].pid], "postgres": postgres_pids(), "client": [os.getpid()]}

    def one(i):
        st = upload(ports[i % len(ports)], files[i])[0]
        if st != 201:
            bad.append(st)
    cpu0 = {k: cpu_seconds(v) for k, v in groups.items()}
    t0 = time.monotonic()
    with ThreadPoolExecutor(conc) as ex:
        list(ex.map(one, range(n)))
    dt = time.monotonic() - t0
    cpu = {k: cpu_seconds(v) - cpu0[k] for k, v in groups.items()}
    return n / dt, dt, cpu, bad, len(files[0])


def bench(procs, args):
    procs.start_s3()
    procs.start_node(0)
    results = []
    bench_rate(procs, procs.node_ports[:1], 300, args.bench_concurrency, args.bench_size)  # warm-up (JIT)
    for label, count in (("1 node", 1), ("3 nodes", 3)):
        if count == 3:
            for i in (1, 2):
                procs.start_node(i, wait=False)
            for i in (1, 2):
                procs.wait_ready(i)
            bench_rate(procs, procs.node_ports[1:], 600, args.bench_concurrency, args.bench_size)  # warm-up
        load = open("/proc/loadavg").read().split()[:3]
        rate, dt, cpu, bad, size = bench_rate(procs, procs.node_ports[:count], args.bench_uploads,
                                              args.bench_concurrency, args.bench_size)
        n = args.bench_uploads
        line = ("BENCH %s: %d uploads of %d bytes at concurrency %d in %.1fs = %.0f uploads/s (%.1f MB/s); "
                "CPU ms per upload: nodes %.2f, s3proxy %.2f, postgres %.2f, client %.2f; "
                "load average before %s; non-201: %d"
                % (label, n, size, args.bench_concurrency, dt, rate, rate * size / 1e6,
                   1000 * cpu["nodes"] / n, 1000 * cpu["s3proxy"] / n, 1000 * cpu["postgres"] / n,
                   1000 * cpu["client"] / n, " ".join(load), len(bad)))
        print(line, flush=True)
        results.append(rate)
        if bad:
            failures.append(line)
    print("BENCH 3 nodes / 1 node = %.2f" % (results[1] / results[0]), flush=True)


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--jar", required=True)
    ap.add_argument("--s3-classpath", required=True)
    ap.add_argument("--s3-launcher", required=True)
    ap.add_argument("--postgres-url", required=True)
    ap.add_argument("--pg-bin", required=True)
    ap.add_argument("--nodes", type=int, default=3)
    ap.add_argument("--node-heap", default="224m")  # the launcher's -Xmx
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--kill-budget", type=float, default=60, help="seconds the kill phase may take")
    ap.add_argument("--min-kills", type=int, default=6, help="fewest kills accepted when time-bounded")
    ap.add_argument("--sweep-timeout", type=float, default=180)
    ap.add_argument("--bench", action="store_true")
    ap.add_argument("--bench-uploads", type=int, default=1000)
    ap.add_argument("--bench-concurrency", type=int, default=12)
    ap.add_argument("--bench-size", type=int, default=256, help="image side; 8-bit pixels")
    args = ap.parse_args()
    procs = Procs(args)

    def on_signal(sig, _):
        raise SystemExit(128 + sig)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        if args.bench:
            bench(procs, args)
        else:
            procs.start_s3()
            create_token(procs)
            for i in range(args.nodes):
                procs.start_node(i, wait=False)
            for i in range(args.nodes):
                procs.wait_ready(i)
            log("s3proxy on %d, nodes on %s" % (procs.s3_port, procs.node_ports))
            # An orphan planted through S3 (no row, no lease): the sweeper must remove it.
            orphan = dicom_file(new_uid(), new_uid(), new_uid(), seed=99)
            st = s3_put_v2(procs.s3_port, blob_key(sha(orphan)), orphan)[0]
            if st != 200:
                raise RuntimeError("planting an orphan through S3: %d" % st)
            planted = {sha(orphan)}
            if not planted <= bucket_keys(procs):
                raise RuntimeError("the planted orphan is not in the bucket directory")
            all_acked = {}
            check_tokens_across_nodes(procs)
            check_read_your_writes(procs)
            check_races(procs)
            up = check_kills(procs, args.kills, args.kill_budget, args.min_kills)
            all_acked.update(up.acked)
            check_rolling_restart(procs, all_acked)
            check_sweep(procs, planted, args.sweep_timeout)
            check_backup_restore(procs, all_acked)
    except Exception as e:  # a broken step is a failure with its reason, never a hang
        check("driver", False, "%s: %s" % (type(e).__name__, e))
    finally:
        procs.stop_all()
    log("done, %d failure(s)" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
