// The image: rendered by the server (…/rendered with window=C,W), drawn on a canvas at its native
// size and scaled with CSS for zoom. Window/level by mouse drag, presets, or the number fields.

import { request, getJson, instancePath } from './api.js';
import { values, first, number } from './dicom.js';

const VIEW_TAGS = ['Rows', 'Columns', 'NumberOfFrames', 'PhotometricInterpretation', 'Modality',
  'WindowCenter', 'WindowWidth', 'WindowCenterWidthExplanation', 'RescaleSlope',
  'RescaleIntercept', 'BitsStored', 'PixelRepresentation', 'SmallestImagePixelValue',
  'LargestImagePixelValue'];

// Common CT windows in Hounsfield units (center, width).
const CT_PRESETS = [
  ['CT brain', 40, 80], ['CT soft tissue', 40, 400], ['CT lung', -600, 1500],
  ['CT bone', 400, 1800], ['CT abdomen', 60, 400],
];

/** Big images are fetched scaled down so a window drag stays responsive. */
const MAX_NATIVE_PIXELS = 2048 * 2048;

export class Viewer {
  constructor(els, onError) {
    this.els = els;
    this.onError = onError;
    this.id = null;
    this.seq = 0;
    this.inFlight = false;
    this.pending = false;
    this.zoom = 'fit';
    this.playing = false;
    this.bindControls();
  }

  async open(id) {
    this.stop();
    this.id = id;
    const ds = await getJson(`${instancePath(id)}/attributes?${VIEW_TAGS.map((t) => `tag=${t}`).join('&')}`);
    const e = this.els;
    this.rows = number(ds, 'Rows', 0);
    this.cols = number(ds, 'Columns', 0);
    this.frames = Math.max(1, number(ds, 'NumberOfFrames', 1));
    this.frame = 1;
    this.grayscale = /^MONOCHROME/.test(first(ds, 'PhotometricInterpretation', 'MONOCHROME2'));
    this.presets = presetsOf(ds);
    this.range = valueRange(ds);
    this.window = this.presets.length && this.presets[0].fromFile ? { ...this.presets[0] } : null;
    e.preset.replaceChildren(option('auto', 'Automatic (server default)'),
      ...this.presets.map((p, i) => option(String(i), `${p.label} (${p.center}, ${p.width})`)));
    e.preset.value = this.window ? '0' : 'auto';
    for (const c of [e.preset, e.wc, e.ww]) c.disabled = !this.grayscale;
    e.invert.checked = false;
    e.frames.hidden = this.frames < 2;
    e.frame.max = String(this.frames);
    e.frame.value = '1';
    e.frameLabel.textContent = `1 / ${this.frames}`;
    e.canvas.setAttribute('aria-label', `Rendered image of instance ${id}, ${this.cols} × ${this.rows}`);
    e.download.href = `${instancePath(id)}/file`;
    e.download.setAttribute('download', `${id}.dcm`);
    this.zoom = 'fit';
    // Never leave the previous instance's image up while (or if) this one fails to render.
    e.canvas.width = 0;
    e.canvas.height = 0;
    delete e.canvas.dataset.renderedUrl;
    this.showWindow();
    await this.render();
  }

  url() {
    const base = this.frame === 1 && this.frames === 1 ? `${instancePath(this.id)}/rendered`
      : `${instancePath(this.id)}/frames/${this.frame}/rendered`;
    const q = new URLSearchParams();
    if (this.grayscale && this.window) q.set('window', `${round(this.window.center)},${round(this.window.width)}`);
    if (this.rows * this.cols > MAX_NATIVE_PIXELS) q.set('viewport', '2048,2048');
    const s = q.toString();
    return s ? `${base}?${s}` : base;
  }

  /** At most one request in flight; changes made meanwhile coalesce into one more request. */
  async render() {
    if (this.inFlight) {
      this.pending = true;
      return this.waitIdle;
    }
    this.inFlight = true;
    let done;
    this.waitIdle = new Promise((r) => { done = r; });
    try {
      do {
        this.pending = false;
        const id = this.id;
        const url = this.url();
        const blob = await (await request(url, { headers: { Accept: 'image/png' } })).blob();
        const bitmap = await createImageBitmap(blob);
        if (id !== this.id) continue;
        this.draw(bitmap, url);
      } while (this.pending);
    } catch (err) {
      this.onError(err);
      this.stop();
    } finally {
      this.inFlight = false;
      done();
    }
    return undefined;
  }

  draw(bitmap, url) {
    const c = this.els.canvas;
    c.width = bitmap.width;
    c.height = bitmap.height;
    const ctx = c.getContext('2d');
    ctx.filter = this.els.invert.checked ? 'invert(1)' : 'none';
    ctx.drawImage(bitmap, 0, 0);
    bitmap.close();
    c.dataset.renderedUrl = url;
    c.dataset.frame = String(this.frame);
    this.applyZoom();
  }

  applyZoom() {
    const c = this.els.canvas;
    const stage = this.els.stage;
    if (!c.width) return;
    let scale = this.zoom;
    if (scale === 'fit') {
      scale = Math.min((stage.clientWidth - 4) / c.width, (stage.clientHeight - 4) / c.height);
    }
    c.style.width = `${Math.max(1, Math.round(c.width * scale))}px`;
    c.style.height = `${Math.max(1, Math.round(c.height * scale))}px`;
    c.classList.toggle('pixelated', scale >= 2);
    this.scale = scale;
  }

  setZoom(z) {
    this.zoom = z === 'fit' ? 'fit' : Math.min(32, Math.max(1 / 16, z));
    this.applyZoom();
  }

  setWindow(center, width, presetValue = 'custom') {
    if (!this.grayscale || !Number.isFinite(center) || !Number.isFinite(width)) return;
    this.window = { center, width: Math.max(1, width) };
    if (![...this.els.preset.options].some((o) => o.value === presetValue)) {
      this.els.preset.append(option('custom', 'Custom'));
    }
    this.els.preset.value = presetValue;
    this.showWindow();
    this.render();
  }

  showWindow() {
    const w = this.window;
    this.els.wc.value = w ? round(w.center) : '';
    this.els.ww.value = w ? round(w.width) : '';
    this.els.readout.textContent = !this.grayscale ? 'Colour image: windowing does not apply.'
      : w ? `Window center ${round(w.center)}, width ${round(w.width)}` : 'Window: automatic (server default)';
  }

  setFrame(n) {
    this.frame = Math.min(this.frames, Math.max(1, n));
    this.els.frame.value = String(this.frame);
    this.els.frameLabel.textContent = `${this.frame} / ${this.frames}`;
    return this.render();
  }

  async play() {
    this.playing = true;
    this.els.play.textContent = 'Pause';
    this.els.play.setAttribute('aria-pressed', 'true');
    while (this.playing) {
      const started = performance.now();
      await this.setFrame(this.frame >= this.frames ? 1 : this.frame + 1);
      const fps = Math.min(60, Math.max(1, Number(this.els.fps.value) || 10));
      await new Promise((r) => setTimeout(r, Math.max(0, 1000 / fps - (performance.now() - started))));
    }
  }

  stop() {
    this.playing = false;
    this.els.play.textContent = 'Play';
    this.els.play.setAttribute('aria-pressed', 'false');
  }

  bindControls() {
    const e = this.els;
    e.preset.addEventListener('change', () => {
      if (e.preset.value === 'auto') {
        this.window = null;
        this.showWindow();
        this.render();
      } else if (e.preset.value !== 'custom') {
        const p = this.presets[Number(e.preset.value)];
        this.setWindow(p.center, p.width, e.preset.value);
      }
    });
    const typed = () => this.setWindow(Number(e.wc.value), Number(e.ww.value));
    e.wc.addEventListener('change', typed);
    e.ww.addEventListener('change', typed);
    e.invert.addEventListener('change', () => this.render());
    e.zoomIn.addEventListener('click', () => this.setZoom((this.scale || 1) * 1.25));
    e.zoomOut.addEventListener('click', () => this.setZoom((this.scale || 1) / 1.25));
    e.zoomFit.addEventListener('click', () => this.setZoom('fit'));
    e.zoom1.addEventListener('click', () => this.setZoom(1));
    e.frame.addEventListener('input', () => this.setFrame(Number(e.frame.value)));
    e.play.addEventListener('click', () => (this.playing ? this.stop() : this.play()));
    window.addEventListener('resize', () => this.zoom === 'fit' && this.applyZoom());
    this.bindDrag();
    e.canvas.addEventListener('keydown', (ev) => this.key(ev));
  }

  /** Left/right drag changes the width, up/down the center, in steps scaled to the value range. */
  bindDrag() {
    const c = this.els.canvas;
    let start = null;
    c.addEventListener('pointerdown', (ev) => {
      if (ev.button !== 0 || !this.grayscale || !this.id) return;
      const w = this.window || this.range;
      start = { x: ev.clientX, y: ev.clientY, center: w.center, width: w.width };
      c.setPointerCapture(ev.pointerId);
      ev.preventDefault();
    });
    c.addEventListener('pointermove', (ev) => {
      if (!start) return;
      // A 200-pixel drag changes the window by about its own width, whatever the value scale.
      const step = Math.max(start.width / 200, 0.01);
      this.setWindow(start.center + (ev.clientY - start.y) * step,
        start.width + (ev.clientX - start.x) * step);
    });
    const end = () => { start = null; };
    c.addEventListener('pointerup', end);
    c.addEventListener('pointercancel', end);
  }

  /** Keyboard equivalent of the drag: arrows change the window, +/- zoom, 0 fits. */
  key(ev) {
    if (!this.id) return;
    const w = this.window || this.range;
    const step = Math.max(w.width / 20, 0.01);
    const moves = { ArrowLeft: [0, -step], ArrowRight: [0, step], ArrowUp: [-step, 0], ArrowDown: [step, 0] };
    if (moves[ev.key] && this.grayscale) {
      this.setWindow(w.center + moves[ev.key][0], w.width + moves[ev.key][1]);
    } else if (ev.key === '+' || ev.key === '=') {
      this.setZoom((this.scale || 1) * 1.25);
    } else if (ev.key === '-') {
      this.setZoom((this.scale || 1) / 1.25);
    } else if (ev.key === '0') {
      this.setZoom('fit');
    } else {
      return;
    }
    ev.preventDefault();
  }
}

/** The file's own windows (PS3.3 C.11.2: Window Center/Width are multi-valued pairs), then CT ones. */
function presetsOf(ds) {
  const centers = values(ds, 'WindowCenter').map(Number);
  const widths = values(ds, 'WindowWidth').map(Number);
  const names = values(ds, 'WindowCenterWidthExplanation');
  const out = [];
  for (let i = 0; i < Math.min(centers.length, widths.length); i++) {
    if (Number.isFinite(centers[i]) && Number.isFinite(widths[i]) && widths[i] >= 1) {
      out.push({ label: names[i] || `File window ${i + 1}`, center: centers[i], width: widths[i], fromFile: true });
    }
  }
  if (first(ds, 'Modality') === 'CT') {
    for (const [label, center, width] of CT_PRESETS) out.push({ label, center, width });
  }
  return out;
}

/**
 * Where a drag starts when the file names no window: the smallest/largest pixel values if given,
 * else the full stored range (PS3.3 C.7.6.3.1: Bits Stored, Pixel Representation), both through
 * the rescale (C.11.1.1.2).
 */
function valueRange(ds) {
  const bits = number(ds, 'BitsStored', 8);
  const signed = number(ds, 'PixelRepresentation', 0) === 1;
  let lo = number(ds, 'SmallestImagePixelValue', signed ? -(2 ** (bits - 1)) : 0);
  let hi = number(ds, 'LargestImagePixelValue', signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1);
  const slope = number(ds, 'RescaleSlope', 1);
  const intercept = number(ds, 'RescaleIntercept', 0);
  [lo, hi] = [lo * slope + intercept, hi * slope + intercept].sort((a, b) => a - b);
  if (first(ds, 'Modality') === 'CT' && first(ds, 'LargestImagePixelValue') === undefined) {
    // CT values are Hounsfield units; air to dense bone covers what a reader wants to see.
    [lo, hi] = [Math.max(lo, -1024), Math.min(hi, 3071)];
  }
  return { center: (lo + hi) / 2, width: Math.max(1, hi - lo) };
}

function option(value, label) {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = label;
  return o;
}

function round(x) {
  return Math.abs(x) >= 100 ? Math.round(x) : Math.round(x * 100) / 100;
}
