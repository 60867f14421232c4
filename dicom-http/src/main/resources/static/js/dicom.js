// Reading DICOM JSON (PS3.18 §F.2) objects: {"00100010": {"vr": "PN", "Value": [...]}}.

export const TAGS = {
  PatientName: '00100010', PatientID: '00100020', StudyDate: '00080020', Modality: '00080060',
  StudyDescription: '00081030', SeriesDescription: '0008103E', SeriesNumber: '00200011',
  InstanceNumber: '00200013', NumberOfFrames: '00280008', Rows: '00280010', Columns: '00280011',
  PhotometricInterpretation: '00280004', WindowCenter: '00281050', WindowWidth: '00281051',
  WindowCenterWidthExplanation: '00281055', RescaleSlope: '00281053', RescaleIntercept: '00281052',
  BitsStored: '00280101', PixelRepresentation: '00280103',
  SmallestImagePixelValue: '00280106', LargestImagePixelValue: '00280107',
};

/** All values of the attribute, or [] when absent or empty. */
export function values(ds, keyword) {
  const el = ds && ds[TAGS[keyword] || keyword];
  return el && Array.isArray(el.Value) ? el.Value : [];
}

export function first(ds, keyword, fallback = undefined) {
  const v = values(ds, keyword);
  return v.length ? v[0] : fallback;
}

export function number(ds, keyword, fallback) {
  const n = Number(first(ds, keyword));
  return Number.isFinite(n) && first(ds, keyword) !== undefined ? n : fallback;
}

/** PN values are objects with Alphabetic/Ideographic/Phonetic groups (PS3.18 §F.2.2). */
export function personName(v) {
  if (v && typeof v === 'object') {
    return [v.Alphabetic, v.Ideographic, v.Phonetic].filter(Boolean).join(' = ');
  }
  return v == null ? '' : String(v);
}

/** DA "20040119" → "2004-01-19"; anything else unchanged. */
export function formatDate(da) {
  return /^\d{8}$/.test(da || '') ? `${da.slice(0, 4)}-${da.slice(4, 6)}-${da.slice(6)}` : (da || '');
}

/** A display string for any non-sequence element. */
export function formatValue(el) {
  if (!el) return '';
  if (el.BulkDataURI) return `bulk data at ${el.BulkDataURI}`;
  if (el.InlineBinary) return `binary, ${Math.floor(el.InlineBinary.length * 3 / 4)} bytes (base64)`;
  if (!Array.isArray(el.Value)) return '';
  const parts = el.Value.map((v) => (el.vr === 'PN' ? personName(v) : v == null ? '' : String(v)));
  return parts.join('\\');
}

/** "00100010" → "(0010,0010)". */
export function tagLabel(hex) {
  return `(${hex.slice(0, 4)},${hex.slice(4)})`;
}
