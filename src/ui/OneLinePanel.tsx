import { useMemo } from 'react';
import { store, useEditor } from '../app/instance';
import { buildOneLine } from '../model/oneline';

const SIDE = { A: '#e8590c', B: '#1c7ed6' } as const;

/**
 * The one-line diagram: the power chain laid out automatically from the document's links; selecting a
 * box selects its equipment in 3D and back. Severity colours come from the findings.
 */
export function OneLinePanel() {
  const doc = useEditor((s) => s.committed);
  const selection = useEditor((s) => s.selection);
  const findings = useEditor((s) => s.analysis.findings);
  const graph = useMemo(() => buildOneLine(doc), [doc]);
  const sel = useMemo(() => new Set(selection), [selection]);
  const sev = useMemo(() => {
    const m = new Map<string, 'critical' | 'warning'>();
    for (const f of findings) {
      if (f.severity === 'info' || f.owner !== 'electrical') continue;
      for (const id of f.subjects) if (f.severity === 'critical' || !m.has(id)) m.set(id, f.severity);
    }
    return m;
  }, [findings]);
  if (!graph.nodes.length) {
    return <p className="hint">No power links yet. Use Connect power (click a load, then its source) or Auto-connect A/B.</p>;
  }
  return (
    <div className="oneline-scroll">
      <svg width={graph.width} height={graph.height} role="group" aria-label="One-line diagram">
        {graph.edges.map((e) => (
          <polyline
            key={`${e.from}>${e.to}`}
            points={e.points.map((p) => `${p.x},${p.y}`).join(' ')}
            fill="none"
            stroke={e.side ? SIDE[e.side] : '#868e96'}
            strokeWidth={1.6}
          />
        ))}
        {graph.nodes.map((n) => {
          const selected = n.members.some((m) => sel.has(m));
          const worst = n.members.map((m) => sev.get(m)).find((x) => x === 'critical') ?? n.members.map((m) => sev.get(m)).find(Boolean);
          return (
            <g
              key={n.id}
              transform={`translate(${n.x},${n.y})`}
              role="button"
              tabIndex={0}
              aria-label={`${n.label}${worst ? ` (${worst})` : ''}`}
              aria-pressed={selected}
              className="ol-node"
              onClick={(ev) => store.getState().select(n.members, ev.shiftKey ? 'add' : 'replace')}
              onKeyDown={(ev) => {
                if (ev.key === 'Enter' || ev.key === ' ') store.getState().select(n.members);
              }}
              onDoubleClick={() => store.getState().frameIds(n.members)}
            >
              <rect
                width={n.w}
                height={n.h}
                rx={4}
                fill={selected ? '#fff1dc' : '#fff'}
                stroke={worst === 'critical' ? '#c62828' : worst === 'warning' ? '#e0a200' : selected ? '#ff9f1c' : '#8a96a8'}
                strokeWidth={worst || selected ? 2.5 : 1}
              />
              <text x={6} y={15} className="ol-label">
                {n.label.length > 24 ? n.label.slice(0, 23) + '…' : n.label}
              </text>
              <text x={6} y={30} className="ol-sub">
                {n.sub.length > 28 ? n.sub.slice(0, 27) + '…' : n.sub}
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}
