// Drives the npm package dicomweb-client (the DICOMweb client OHIF uses) against a running
// Lightbox: STOW, QIDO at every level, metadata, instances, frames, rendered and thumbnails.
// Every expected value comes from dcmtk (dcmdump) on the same files, never from Lightbox.
//
// usage: node dicomweb-client-test.mjs <base-url> <node_modules dir> <file.dcm>...
// Prints one line per check and "checks passed: N" at the end; exits 1 on the first failure.
// Environment (for benchmarks/load/dicomweb.sh, which runs the same checks against Orthanc):
//   DICOMWEB_ROOT=/dicom-web   the DICOMweb root under <base-url> (default /dicomweb)
//   DICOMWEB_KEEP_GOING=1      record failures (and errors thrown by the client) and go on;
//                              prints "checks failed: N" too and exits 0
const root = process.env.DICOMWEB_ROOT || '/dicomweb';
const keepGoing = process.env.DICOMWEB_KEEP_GOING === '1';
let failures = 0;
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

const [base, modules, ...files] = process.argv.slice(2);
const require = createRequire(join(modules, 'noop.js'));
globalThis.XMLHttpRequest = require('xhr2');
const { api } = require('dicomweb-client');

let checks = 0;
function check(condition, what) {
  if (!condition) {
    console.error('FAILED: ' + what);
    if (!keepGoing) {
      process.exit(1);
    }
    failures++;
    return;
  }
  checks++;
  console.log('ok ' + what);
}

// Runs one group of checks; with DICOMWEB_KEEP_GOING an error thrown by the client fails the
// group and the next group runs.
async function group(what, fn) {
  if (!keepGoing) {
    return fn();
  }
  try {
    await fn();
  } catch (e) {
    failures++;
    console.error('FAILED (error): ' + what + ': ' + String(e && (e.message || e.status || e)).slice(0, 200));
  }
}

function dcmdump(file, tag) {
  const out = execFileSync('dcmdump', ['-q', '-Un', '+P', tag, file], { encoding: 'latin1' });
  const m = out.match(/\[(.*)\]/) || out.match(/^\([0-9a-f]{4},[0-9a-f]{4}\) \w\w (\S+)/m);
  return m && !out.includes('no value available') ? m[1] : '';
}

function pixelItem(file, item) {
  const dir = mkdtempSync(join(tmpdir(), 'dcmdump-'));
  execFileSync('dcmdump', ['-q', '+W', dir, file]);
  const numbered = join(dir, basename(file) + '.' + item + '.raw');
  return readFileSync(existsSync(numbered) ? numbered : join(dir, basename(file) + '.raw'));
}

// Single-part answers come back as [ArrayBuffer] from dicomweb-client 0.11.
const one = (x) => Buffer.from(Array.isArray(x) ? x[0] : x);
const same = (a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
const value = (ds, tag) => ds[tag] && ds[tag].Value ? ds[tag].Value[0] : undefined;

const client = new api.DICOMwebClient({ url: base + root });
const expected = files.map((file) => ({
  file,
  study: dcmdump(file, '0020,000d'),
  series: dcmdump(file, '0020,000e'),
  sop: dcmdump(file, '0008,0018'),
  sopClass: dcmdump(file, '0008,0016'),
  syntax: dcmdump(file, '0002,0010'),
  patientName: dcmdump(file, '0010,0010'),
  modality: dcmdump(file, '0008,0060'),
  rows: Number(dcmdump(file, '0028,0010')),
  frames: Number(dcmdump(file, '0028,0008') || '1'),
}));

// STOW-RS: all files in one request.
const datasets = files.map((f) => { const b = readFileSync(f); return b.buffer.slice(b.byteOffset, b.byteOffset + b.length); });
await group('STOW-RS', async () => {
  await client.storeInstances({ datasets });
  check(true, 'STOW-RS of ' + files.length + ' instances accepted');
});

// QIDO-RS at every level.
let studies = [];
await group('QIDO /studies', async () => { studies = await client.searchForStudies(); });
for (const e of expected) await group('QIDO of ' + e.file, async () => {
  const s = studies.find((x) => value(x, '0020000D') === e.study);
  check(s !== undefined, 'QIDO /studies finds study ' + e.study);
  if (e.patientName) {
    check(value(s, '00100010').Alphabetic === e.patientName, 'PatientName of ' + e.study + ' is ' + e.patientName);
  }
  check((s['00080061'].Value || []).includes(e.modality), 'ModalitiesInStudy of ' + e.study + ' has ' + e.modality);
  const series = await client.searchForSeries({ studyInstanceUID: e.study });
  const se = series.find((x) => value(x, '0020000E') === e.series);
  check(se !== undefined && value(se, '00080060') === e.modality, 'QIDO /studies/{s}/series finds ' + e.series);
  const instances = await client.searchForInstances({ studyInstanceUID: e.study, seriesInstanceUID: e.series });
  const i = instances.find((x) => value(x, '00080018') === e.sop);
  check(i !== undefined && value(i, '00080016') === e.sopClass, 'QIDO .../instances finds ' + e.sop);
  const all = await client.searchForInstances({ queryParams: { SOPInstanceUID: e.sop } });
  check(all.length === 1, 'QIDO /instances?SOPInstanceUID finds exactly one');
});
await group('QIDO /series', async () => {
  const allSeries = await client.searchForSeries();
  check(allSeries.length >= new Set(expected.map((e) => e.series)).size, 'QIDO /series lists every series');
});

for (const e of expected) {
  const ids = { studyInstanceUID: e.study, seriesInstanceUID: e.series, sopInstanceUID: e.sop };
  // WADO-RS metadata.
  await group('metadata of ' + e.sop, async () => {
    const [meta] = await client.retrieveInstanceMetadata(ids);
    check(value(meta, '00080018') === e.sop, 'metadata of ' + e.sop + ' names it');
    check(value(meta, '00280010') === e.rows, 'metadata Rows of ' + e.sop + ' is ' + e.rows);
    check(meta['7FE00010'] && typeof meta['7FE00010'].BulkDataURI === 'string', 'metadata gives Pixel Data as BulkDataURI');
    const seriesMeta = await client.retrieveSeriesMetadata({ studyInstanceUID: e.study, seriesInstanceUID: e.series });
    check(seriesMeta.some((m) => value(m, '00080018') === e.sop), 'series metadata has ' + e.sop);
    const studyMeta = await client.retrieveStudyMetadata({ studyInstanceUID: e.study });
    check(studyMeta.some((m) => value(m, '00080018') === e.sop), 'study metadata has ' + e.sop);
  });
  // WADO-RS instance. retrieveInstance/Series with explicit mediaTypes is broken in
  // dicomweb-client 0.11.3 (_getCommonMediaType yields "application/"), so transfer-syntax=* goes
  // through the client's own multipart helper with the same Accept header it would build.
  await group('instance retrieval of ' + e.sop, async () => {
    const dicomUrl = base + root + '/studies/' + e.study + '/series/' + e.series + '/instances/' + e.sop;
    const storedParts = await client._httpGetMultipartApplicationDicom(dicomUrl,
      [{ mediaType: 'application/dicom', transferSyntaxUID: '*' }], false, {});
    check(same(storedParts[0], readFileSync(e.file)), 'instance with transfer-syntax=* is the stored file byte for byte');
    const evrle = await client.retrieveInstance(ids);
    const dir = mkdtempSync(join(tmpdir(), 'evrle-'));
    const evrleFile = join(dir, 'evrle.dcm');
    writeFileSync(evrleFile, one(evrle));
    check(dcmdump(evrleFile, '0002,0010') === '1.2.840.10008.1.2.1', 'retrieveInstance (default) is Explicit VR Little Endian (dcmdump)');
    check(dcmdump(evrleFile, '0008,0018') === e.sop, 'the transcoded instance keeps its SOP Instance UID (dcmdump)');
    if (e.syntax === '1.2.840.10008.1.2.1') {
      check(same(one(evrle), readFileSync(e.file)), 'an Explicit VR Little Endian file is sent as stored');
    }
    const seriesParts = await client.retrieveSeries({ studyInstanceUID: e.study, seriesInstanceUID: e.series });
    check(seriesParts.length >= 1, 'retrieveSeries returns the series');
  });
  // Frames: native for uncompressed files, the stored bitstream for compressed ones.
  await group('frames of ' + e.sop, async () => {
    const compressed = !['1.2.840.10008.1.2', '1.2.840.10008.1.2.1'].includes(e.syntax);
    const last = e.frames;
    const frames = await client.retrieveInstanceFrames({ ...ids, frameNumbers: [last],
      mediaTypes: [{ mediaType: 'application/octet-stream', transferSyntaxUID: compressed ? '*' : undefined }].map((m) => (m.transferSyntaxUID ? m : { mediaType: m.mediaType })) });
    check(frames.length === 1, 'retrieveInstanceFrames returns one frame');
    if (compressed && e.frames === 1) {
      check(same(frames[0], pixelItem(e.file, 1)), 'frame 1 of ' + e.sop + ' is the stored bitstream (dcmdump +W item 1)');
    } else if (!compressed) {
      const all = pixelItem(e.file, 0);
      const size = all.length / e.frames;
      check(same(frames[0], all.subarray((last - 1) * size, last * size)), 'frame ' + last + ' of ' + e.sop + ' is the native pixel data (dcmdump +W)');
    }
  });
  // Rendered and thumbnail.
  await group('rendered PNG of ' + e.sop, async () => {
    const png = await client.retrieveInstanceRendered({ ...ids, mediaTypes: [{ mediaType: 'image/png' }] });
    check(same(one(png).subarray(0, 8), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), 'rendered PNG of ' + e.sop);
  });
  await group('rendered JPEG of ' + e.sop, async () => {
    const jpeg = await client.retrieveInstanceFramesRendered({ ...ids, frameNumbers: [1], mediaTypes: [{ mediaType: 'image/jpeg' }] });
    check(one(jpeg)[0] === 0xff && one(jpeg)[1] === 0xd8, 'rendered JPEG of frame 1 of ' + e.sop);
  });
  await group('thumbnail of ' + e.sop, async () => {
    const thumb = await client.retrieveInstanceThumbnail({ ...ids, mediaTypes: [{ mediaType: 'image/jpeg' }] });
    check(one(thumb)[0] === 0xff && one(thumb)[1] === 0xd8, 'thumbnail of ' + e.sop);
  });
}
console.log('checks passed: ' + checks);
if (keepGoing) {
  console.log('checks failed: ' + failures);
}
