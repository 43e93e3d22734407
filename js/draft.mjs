// The reader's unsent draft: its shape, and its copy in sessionStorage per page
// URL (without the #fragment) so it survives closing the dialog and reloading
// the page, and is gone when the tab closes or the report is delivered.
// Storage can be missing or full (private modes, sandboxed frames): the draft
// then lives in memory only.
//
// In memory: {id, createdAt, step, reporter: {name, email},
//             items: Map<block index, {hash, corrected, comment, errorType, quote?, range?}>}

// crypto.randomUUID needs a secure context; a plain-http page still gets a v4 UUID.
function uuid() {
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function freshDraft() {
  return { id: uuid(), createdAt: new Date().toISOString(), step: 1, items: new Map(), reporter: { name: '', email: '' } };
}

/** A stored draft comes from sessionStorage: its shape is checked, never trusted. */
export function draftFromStorage(stored) {
  const str = (v) => (typeof v === 'string' ? v : '');
  const draft = freshDraft();
  if (str(stored.id)) draft.id = stored.id;
  if (str(stored.createdAt)) draft.createdAt = stored.createdAt;
  draft.step = [1, 2, 3].includes(stored.step) ? stored.step : 1;
  draft.reporter = { name: str(stored.reporter?.name), email: str(stored.reporter?.email) };
  for (const it of Array.isArray(stored.items) ? stored.items : []) {
    if (!Number.isInteger(it?.block) || !str(it.hash)) continue;
    const item = { hash: it.hash, corrected: str(it.corrected), comment: str(it.comment), errorType: str(it.errorType) || 'unspecified' };
    if (str(it.quote)) item.quote = it.quote;
    if (Number.isInteger(it.range?.start) && Number.isInteger(it.range?.end)) item.range = { start: it.range.start, end: it.range.end };
    draft.items.set(it.block, item);
  }
  return draft;
}

/** The stored form: only the picked paragraphs (block indices in document order). */
export function draftToStorage(draft, selected) {
  const { id, createdAt, step, reporter } = draft;
  return { id, createdAt, step, reporter, items: selected.map((block) => ({ block, ...draft.items.get(block) })) };
}

const PREFIX = 'erratum:draft:';

function keyFor(url) {
  try {
    const u = new URL(url);
    u.hash = '';
    return PREFIX + u.href;
  } catch {
    return PREFIX + String(url);
  }
}

function storage() {
  try {
    return globalThis.sessionStorage || null;
  } catch {
    return null; // access itself can throw (blocked storage)
  }
}

export function createDraftStore(url = location.href) {
  const key = keyFor(url);
  return {
    key,
    load() {
      try {
        const raw = storage()?.getItem(key);
        const draft = raw ? JSON.parse(raw) : null;
        return draft && typeof draft === 'object' && draft.v === 1 ? draft : null;
      } catch {
        return null;
      }
    },
    save(draft) {
      try {
        storage()?.setItem(key, JSON.stringify({ ...draft, v: 1 }));
      } catch {
        // Quota or blocked storage: the in-memory draft still survives closing.
      }
    },
    clear() {
      try {
        storage()?.removeItem(key);
      } catch {}
    },
  };
}
