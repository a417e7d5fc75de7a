import { useEffect, useMemo, useRef, useState } from 'react';
import { store, useEditor } from '../app/instance';
import { getKind, KINDS } from '../catalog/registry';

const ROW_PX = 26;
const VIEW_ROWS = 14;

/**
 * Every piece of equipment as a real list, filterable by kind; selecting here selects in 3D and back.
 * Virtualised (only visible rows are in the DOM) so 5,000 racks stay responsive.
 */
export function OutlinePanel() {
  const equipment = useEditor((s) => s.committed.equipment);
  const selection = useEditor((s) => s.selection);
  const filter = useEditor((s) => s.kindFilter);
  const [scroll, setScroll] = useState(0);
  const box = useRef<HTMLDivElement>(null);
  const rows = useMemo(() => (filter ? equipment.filter((e) => e.kind === filter) : equipment), [equipment, filter]);
  const sel = useMemo(() => new Set(selection), [selection]);
  const counts = useMemo(() => {
    const m = new Map<string, number>();
    for (const e of equipment) m.set(e.kind, (m.get(e.kind) ?? 0) + 1);
    return m;
  }, [equipment]);
  // bring the (first) selected item into view when the selection changes elsewhere (3D, findings)
  useEffect(() => {
    const el = box.current;
    if (!el || !selection.length) return;
    const i = rows.findIndex((e) => e.id === selection[0]);
    if (i < 0) return;
    const top = i * ROW_PX;
    if (top < el.scrollTop || top + ROW_PX > el.scrollTop + el.clientHeight) {
      el.scrollTop = Math.max(0, top - el.clientHeight / 2);
      setScroll(el.scrollTop);
    }
  }, [selection]);
  const first = Math.max(0, Math.floor(scroll / ROW_PX) - 4);
  const last = Math.min(rows.length, first + VIEW_ROWS + 8);
  return (
    <section className="panel outline" aria-labelledby="outline-h">
      <h2 id="outline-h">
        Equipment <span className="count">({rows.length})</span>
      </h2>
      <label className="inline">
        Show kind{' '}
        <select value={filter ?? ''} onChange={(e) => store.getState().setView({ kindFilter: e.target.value || null })}>
          <option value="">All kinds</option>
          {KINDS.filter((k) => counts.has(k.kind)).map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.label} ({counts.get(k.kind)})
            </option>
          ))}
        </select>
      </label>
      {filter && (
        <button className="small" onClick={() => store.getState().select(rows.map((e) => e.id))}>
          Select all shown
        </button>
      )}
      <div className="outline-scroll" ref={box} style={{ height: VIEW_ROWS * ROW_PX }} onScroll={(e) => setScroll(e.currentTarget.scrollTop)}>
        <ul aria-label="Equipment list" style={{ height: rows.length * ROW_PX }}>
          {rows.slice(first, last).map((e, i) => {
            const k = getKind(e.kind);
            return (
              <li key={e.id} style={{ top: (first + i) * ROW_PX }} aria-setsize={rows.length} aria-posinset={first + i + 1}>
                <button
                  className={sel.has(e.id) ? 'row selected' : 'row'}
                  aria-pressed={sel.has(e.id)}
                  onClick={(ev) => store.getState().select([e.id], ev.shiftKey ? 'toggle' : 'replace')}
                  onDoubleClick={() => store.getState().frameIds([e.id])}
                >
                  <span className="row-name">{e.name}</span>
                  <span className="row-info">{k ? k.summary(e.props) : e.kind}</span>
                </button>
              </li>
            );
          })}
        </ul>
      </div>
    </section>
  );
}
