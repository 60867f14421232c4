#!/usr/bin/env bash
# The whole Lightbox test suite: the one command README.md and .ci/run name.
#
# It needs Debian tools for reference outputs and real servers: dcmtk and GDCM (reference decoders
# and test-input generators) and PostgreSQL (index contract tests). When one is missing and we run
# as root (as CI does) it is installed with apt-get; otherwise the script stops and says what to
# install. Generated inputs go under target/, never into the source tree.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

need_pkgs=()
command -v dcmdump >/dev/null 2>&1 || need_pkgs+=(dcmtk)
command -v gdcmconv >/dev/null 2>&1 || need_pkgs+=(libgdcm-tools)
command -v cjpeg >/dev/null 2>&1 || need_pkgs+=(libjpeg-turbo-progs)
command -v opj_decompress >/dev/null 2>&1 || need_pkgs+=(libopenjp2-tools)
command -v ojph_expand >/dev/null 2>&1 || need_pkgs+=(openjph-tools)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_pkgs+=(postgresql)
command -v chromium >/dev/null 2>&1 || need_pkgs+=(chromium)
[[ -x /usr/bin/chromedriver ]] || need_pkgs+=(chromium-driver)
# openssl: test-time certificates and the TLS 1.1 client of the HTTPS tests (issue 14).
command -v openssl >/dev/null 2>&1 || need_pkgs+=(openssl)
command -v unzip >/dev/null 2>&1 || need_pkgs+=(unzip) # ArchiveTest checks archives with unzip -t
command -v node >/dev/null 2>&1 || need_pkgs+=(nodejs)
command -v python3 >/dev/null 2>&1 || need_pkgs+=(python3) # the cluster test's driver
command -v npm >/dev/null 2>&1 || need_pkgs+=(npm)
# Orthanc: the DIMSE peer of OrthancInteropTest (issue 15); with its DICOMweb plugin, the peer of
# benchmarks/load/dicomweb.sh (issue 12).
command -v Orthanc >/dev/null 2>&1 || [[ -x /usr/sbin/Orthanc ]] || need_pkgs+=(orthanc)
[[ -f /usr/share/orthanc/plugins/libOrthancDicomWeb.so ]] || need_pkgs+=(orthanc-dicomweb)
if ((${#need_pkgs[@]})); then
  if [[ $(id -u) -eq 0 ]]; then
    echo "test.sh: installing ${need_pkgs[*]} with apt-get" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
  else
    echo "test.sh: missing Debian packages: ${need_pkgs[*]} (sudo apt-get install ${need_pkgs[*]})" >&2
    exit 1
  fi
fi

# Test inputs made by dcmtk/GDCM from the shared corpus (every syntax the decoders support).
bash scripts/generate-corpus.sh "$root/target/generated-corpus"

# The real DICOMweb clients the tests drive (docs/dicomweb.md): dicomweb-client (+ xhr2, an
# XMLHttpRequest for Node) and the OHIF Viewer's built site, under target/dicomweb-node.
bash scripts/dicomweb-clients.sh "$root/target/dicomweb-node"

# Throwaway PostgreSQL cluster on a free loopback port, stopped by its own PID on exit.
source scripts/postgres-test-cluster.sh
start_test_postgres "$root/target/pg"
trap stop_test_postgres EXIT

mvn -B -ntp verify "$@"

# The Debian package `mvn verify` just built (issue 16): installed with dpkg -i, started the way its
# systemd unit would start it, read from, removed with the data kept. Needs root (as CI runs).
bash scripts/deb-test.sh

# The cluster proof (issue 16): 3 server processes on one PostgreSQL and one s3proxy, SIGKILLs,
# races, a rolling restart and a backup/restore, with its own throwaway PostgreSQL.
bash scripts/cluster-test.sh
