import { Line } from '@react-three/drei';
import { memo, useMemo } from 'react';
import { useEditor } from '../app/instance';
import type { Equipment, PipeLoop } from '../model/document';
import type { Vec3 } from '../model/geometry';
import type { EngineResult } from '../../workers/findings';
import type { PipeState } from '../../workers/liquid/adapt';
import { cumulative, pointAt } from '../model/pipeEdit';

const SUPPLY = '#1971c2';
const RETURN = '#e03131';

/** three.js coordinates of a document point */
const T = (p: readonly number[]): [number, number, number] => [p[0], p[2], -p[1]];

/** Small chevrons along a main pointing the way the coolant flows (supply away from the CDU, return back to it). */
function arrows(path: readonly Vec3[], reverse: boolean, every = 3): [number, number, number][][] {
  const cum = cumulative(path);
  const total = cum[cum.length - 1];
  const out: [number, number, number][][] = [];
  for (let d = every / 2; d < total; d += every) {
    const a = pointAt(path, d - 0.15);
    const b = pointAt(path, d + 0.15);
    const [from, to] = reverse ? [b, a] : [a, b];
    const dx = to[0] - from[0];
    const dy = to[1] - from[1];
    const l = Math.hypot(dx, dy) || 1;
    const nx = (-dy / l) * 0.12;
    const ny = (dx / l) * 0.12;
    out.push([T([from[0] + nx, from[1] + ny, from[2]]), T(to), T([from[0] - nx, from[1] - ny, from[2]])]);
  }
  return out;
}

function Loop({ loop, racks }: { loop: PipeLoop; racks: ReadonlyMap<string, Equipment> }) {
  // rebuilt only when the loop or one of its tapped racks changes: an edit elsewhere (nudging another
  // rack) would otherwise recreate every line of every loop — ≈ 230 GPU buffers on the converted hall
  const tapped = loop.taps.map((t) => racks.get(t.rackId));
  const tapKey = tapped.map((e) => (e ? `${e.position.join(',')},${e.props.heightM}` : '-')).join(';');
  const geo = useMemo(() => {
    const branches: { s: [number, number, number][]; r: [number, number, number][] }[] = [];
    loop.taps.forEach((t, i) => {
      const e = tapped[i];
      if (!e) return;
      const top: [number, number, number] = [e.position[0], e.position[1], e.position[2] + e.props.heightM];
      branches.push({
        s: [T(pointAt(loop.supply.path, t.supplyAtM)), T([top[0] - 0.1, top[1], top[2]])],
        r: [T(pointAt(loop.return.path, t.returnAtM)), T([top[0] + 0.1, top[1], top[2]])],
      });
    });
    return {
      supply: loop.supply.path.map(T),
      ret: loop.return.path.map(T),
      branches,
      sArrows: arrows(loop.supply.path, false),
      rArrows: arrows(loop.return.path, true),
    };
    // `tapped` enters through `tapKey` (its positions and heights)
  }, [loop, tapKey]);
  return (
    <group name={`loop-${loop.id}`}>
      <Line points={geo.supply} color={SUPPLY} lineWidth={4} />
      <Line points={geo.ret} color={RETURN} lineWidth={4} />
      {geo.branches.map((b, i) => (
        <group key={i}>
          <Line points={b.s} color={SUPPLY} lineWidth={1.5} />
          <Line points={b.r} color={RETURN} lineWidth={1.5} />
        </group>
      ))}
      {geo.sArrows.map((a, i) => (
        <Line key={`s${i}`} points={a} color="#ffffff" lineWidth={2} />
      ))}
      {geo.rArrows.map((a, i) => (
        <Line key={`r${i}`} points={a} color="#ffffff" lineWidth={2} />
      ))}
    </group>
  );
}

/** The route being drawn with the pipe tool. */
function Draft() {
  const tool = useEditor((s) => s.tool);
  const doc = useEditor((s) => s.committed);
  if (tool.type !== 'pipe' || !tool.cduId) return null;
  const cdu = doc.equipment.find((e) => e.id === tool.cduId);
  if (!cdu) return null;
  const z = tool.elevationM;
  const pts = [T([cdu.position[0], cdu.position[1], cdu.position[2] + cdu.props.heightM]), T([cdu.position[0], cdu.position[1], z]), ...tool.route.map((p) => T([p[0], p[1], z]))];
  return <Line points={pts} color={SUPPLY} lineWidth={3} dashed dashSize={0.4} gapSize={0.2} />;
}

/** Velocity colour: comfortable below 1.5 m/s, amber to the 2.5 m/s limit, red above (domain.md §3). */
export function velocityColour(v: number): string {
  const a = Math.abs(v);
  return a > 2.5 ? '#c92a2a' : a > 1.5 ? '#f59f00' : a > 0.05 ? '#2f9e44' : '#868e96';
}

/** Same route, point for point (a new analysis result brings new arrays for unchanged pipes). */
function samePath(a: readonly Vec3[], b: readonly Vec3[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i][0] !== b[i][0] || a[i][1] !== b[i][1] || a[i][2] !== b[i][2]) return false;
  }
  return true;
}

interface VelocityPipeProps {
  path: readonly Vec3[];
  colour: string;
  lineWidth: number;
}

/** One solved pipe; redrawn only when its route, colour or width changes — not on every new result
 *  whose velocities moved within the same colour band. */
const VelocityPipe = memo(
  function VelocityPipe({ path, colour, lineWidth }: VelocityPipeProps) {
    const points = useMemo(() => path.map(T), [path]);
    return <Line points={points} color={colour} lineWidth={lineWidth} />;
  },
  (a, b) => a.colour === b.colour && a.lineWidth === b.lineWidth && samePath(a.path, b.path),
);

/** Pipes of the engine's network coloured by the velocity it solved. */
function ByVelocity({ pipes }: { pipes: PipeState[] }) {
  return (
    <group name="pipes-by-velocity">
      {pipes
        .filter((p) => p.path.length >= 2)
        .map((p) => (
          <VelocityPipe key={p.id} path={p.path} colour={velocityColour(p.velocityMps)} lineWidth={p.id.split(':').length > 3 ? 1.5 : 4} />
        ))}
    </group>
  );
}

/** The document's TCS pipe loops: supply mains blue, return red, rack branches, flow-direction chevrons. */
export function PipeLoops() {
  const doc = useEditor((s) => s.committed);
  const show = useEditor((s) => s.links);
  const mode = useEditor((s) => s.pipeColour);
  const racks = useMemo(() => new Map(doc.equipment.map((e) => [e.id, e])), [doc.equipment]);
  const results = useEditor((s) => s.analysis.results);
  const states = (results.find((r) => r.engine === 'liquid') as (EngineResult & { liquid?: { pipes: PipeState[] } }) | undefined)?.liquid;
  if (!show) return <Draft />;
  if (mode === 'velocity' && states) {
    return (
      <group name="pipe-loops">
        <Draft />
        <ByVelocity pipes={states.pipes} />
      </group>
    );
  }
  return (
    <group name="pipe-loops">
      <Draft />
      {doc.pipeLoops.map((l) => (
        <Loop key={l.id} loop={l} racks={racks} />
      ))}
    </group>
  );
}
