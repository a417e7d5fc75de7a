import type { Vec2, Vec3 } from './geometry';
import type { CustomModel } from '../catalog/registry';

/** The envelope: every layout file says what it is and which version of the format it follows. */
export const FORMAT = 'retrofit-designer.layout';
export const CURRENT_VERSION = 1;
export const APP_NAME = 'Retrofit Designer';

export type AshraeClass = 'A1' | 'A2' | 'A3' | 'A4' | 'H1';

export interface Site {
  name: string;
  utility: { interconnectMw: number; voltageKv: number };
  climate: { designDryBulbC: number; designWetBulbC: number };
  ashraeClass: AshraeClass;
}

export type OpeningKind = 'door' | 'intake' | 'exhaust' | 'louvre';

/** A hole in a hall wall: on outline edge `wall` (edge i runs from vertex i to i+1). */
export interface Opening {
  id: string;
  kind: OpeningKind;
  wall: number;
  /** distance along the edge from its start vertex to the opening's centre, m */
  offsetM: number;
  widthM: number;
  heightM: number;
  sillM: number;
}

export interface Hall {
  id: string;
  name: string;
  /** plan outline, metres, counter-clockwise or clockwise, not self-intersecting */
  outline: Vec2[];
  clearHeightM: number;
  floorRatingKgM2: number;
  openings: Opening[];
}

export type Props = Record<string, number> & {
  widthM: number;
  depthM: number;
  heightM: number;
  weightKg: number;
};

export interface Equipment {
  id: string;
  kind: string;
  /** catalog model id (built-in or one of the document's customModels) */
  model: string;
  name: string;
  /** the hall it stands in; null for yard/outdoor equipment */
  hallId: string | null;
  /** footprint centre at base level: x, y plan metres, z elevation above the floor */
  position: Vec3;
  rotationDeg: number;
  props: Props;
}

export interface Connection {
  id: string;
  kind: 'power' | 'liquid';
  from: string;
  to: string;
  props: Record<string, number | string | boolean>;
}

export interface Settings {
  /** service clearance required in front of racks, m */
  clearanceFrontM: number;
  /** service clearance required behind racks, m */
  clearanceRearM: number;
}

export interface Meta {
  title: string;
  createdAt?: string;
  modifiedAt?: string;
  app?: string;
}

/** The layout document: the single source of truth. Plain JSON, SI units. */
export interface LayoutDoc {
  format: typeof FORMAT;
  version: typeof CURRENT_VERSION;
  meta: Meta;
  site: Site;
  halls: Hall[];
  equipment: Equipment[];
  connections: Connection[];
  customModels: CustomModel[];
  settings: Settings;
}

export const DEFAULT_SETTINGS: Settings = { clearanceFrontM: 1.2, clearanceRearM: 1.0 };

/** An empty hall of the given size, origin at its south-west corner. */
export function emptyHallDoc(widthM: number, depthM: number, clearHeightM = 7, name = 'Empty hall'): LayoutDoc {
  return {
    format: FORMAT,
    version: CURRENT_VERSION,
    meta: { title: name },
    site: {
      name,
      utility: { interconnectMw: 10, voltageKv: 34.5 },
      climate: { designDryBulbC: 35, designWetBulbC: 24 },
      ashraeClass: 'A1',
    },
    halls: [
      {
        id: 'hall-1',
        name: 'Hall 1',
        outline: [
          [0, 0],
          [widthM, 0],
          [widthM, depthM],
          [0, depthM],
        ],
        clearHeightM,
        floorRatingKgM2: 1200,
        openings: [],
      },
    ],
    equipment: [],
    connections: [],
    customModels: [],
    settings: { ...DEFAULT_SETTINGS },
  };
}

export function equipmentIndex(doc: LayoutDoc): Map<string, Equipment> {
  return new Map(doc.equipment.map((e) => [e.id, e]));
}
