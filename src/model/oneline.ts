import dagre from '@dagrejs/dagre';
import { getKind } from '../catalog/registry';
import type { LayoutDoc } from './document';
import { canFeed } from './power';

/**
 * The one-line diagram's graph, derived from the document's power connections: every distribution
 * element is a node; loads fed by the same set of sources are grouped into one node (a row of 40 racks
 * on busways A and B is one box), so the diagram stays readable at thousands of racks.
 */
export interface OneLineNode {
  id: string;
  label: string;
  sub: string;
  /** equipment ids this node stands for (one for distribution gear, many for a load group) */
  members: string[];
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface OneLineEdge {
  from: string;
  to: string;
  side: 'A' | 'B' | null;
  points: { x: number; y: number }[];
}

export interface OneLine {
  nodes: OneLineNode[];
  edges: OneLineEdge[];
  width: number;
  height: number;
}

const W = 150;
const H = 38;

export function buildOneLine(doc: LayoutDoc): OneLine {
  const power = doc.connections.filter((c) => c.kind === 'power');
  const byId = new Map(doc.equipment.map((e) => [e.id, e]));
  const involved = new Set<string>();
  for (const c of power) {
    involved.add(c.from);
    involved.add(c.to);
  }
  // group loads by their sorted set of sources
  const groupOf = new Map<string, string>();
  const groups = new Map<string, string[]>();
  for (const id of involved) {
    const e = byId.get(id);
    if (!e || canFeed(e)) continue;
    const key = power
      .filter((c) => c.to === id)
      .map((c) => c.from)
      .sort()
      .join('|');
    const gid = `group:${e.kind}:${key}`;
    groupOf.set(id, gid);
    groups.set(gid, [...(groups.get(gid) ?? []), id]);
  }
  const nodeOf = (id: string) => groupOf.get(id) ?? id;

  const g = new dagre.graphlib.Graph({ multigraph: false });
  g.setGraph({ rankdir: 'TB', nodesep: 16, ranksep: 46, marginx: 10, marginy: 10 });
  g.setDefaultEdgeLabel(() => ({}));
  const nodes = new Map<string, Omit<OneLineNode, 'x' | 'y'>>();
  for (const id of involved) {
    const nid = nodeOf(id);
    if (nodes.has(nid)) continue;
    const e = byId.get(id);
    if (!e) continue;
    const k = getKind(e.kind);
    const members = groups.get(nid) ?? [id];
    const node =
      members.length > 1
        ? { id: nid, label: `${members.length} × ${k?.label ?? e.kind}`, sub: `${byId.get(members[0])!.name} …`, members, w: W, h: H }
        : { id: nid, label: e.name, sub: k ? k.summary(e.props) : e.kind, members, w: W, h: H };
    nodes.set(nid, node);
    g.setNode(nid, { width: W, height: H });
  }
  const edgeKeys = new Map<string, 'A' | 'B' | null>();
  for (const c of power) {
    const a = nodeOf(c.from);
    const b = nodeOf(c.to);
    if (!nodes.has(a) || !nodes.has(b)) continue;
    const side = c.props.side === 'A' || c.props.side === 'B' ? c.props.side : null;
    edgeKeys.set(`${a}\u0000${b}`, side);
    g.setEdge(a, b);
  }
  dagre.layout(g);
  const outNodes: OneLineNode[] = [...nodes.values()].map((n) => {
    const p = g.node(n.id) as { x: number; y: number };
    return { ...n, x: p.x - W / 2, y: p.y - H / 2 };
  });
  const edges: OneLineEdge[] = [...edgeKeys].map(([key, side]) => {
    const [from, to] = key.split('\u0000');
    const e = g.edge(from, to) as { points?: { x: number; y: number }[] };
    return { from, to, side, points: e.points ?? [] };
  });
  const gr = g.graph() as { width?: number; height?: number };
  return { nodes: outNodes, edges, width: gr.width ?? 0, height: gr.height ?? 0 };
}
