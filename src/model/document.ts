import type { Vec2, Vec3 } from './geometry';
import type { CustomModel } from '../catalog/registry';

/** The envelope: every layout file says what it is and which version of the format it follows. */
export const FORMAT = 'retrofit-designer.layout';
export const CURRENT_VERSION = 2;
export const APP_NAME = 'Retrofit Designer';

export type AshraeClass = 'A1' | 'A2' | 'A3' | 'A4' | 'H1';

/** Redundancy the power design claims (APC WP75 configurations); files without it mean 'N'. */
export const POWER_REDUNDANCIES = ['N', 'N+1', '2N', 'DR', 'catcher'] as const;
export type PowerRedundancy = (typeof POWER_REDUNDANCIES)[number];

export interface Site {
  name: string;
  utility: { interconnectMw: number; voltageKv: number };
  climate: { designDryBulbC: number; designWetBulbC: number };
  ashraeClass: AshraeClass;
  /** redundancy the power design claims; restored as 'N' when a file leaves it out */
  powerRedundancy: PowerRedundancy;
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

/** Coolant of a TCS pipe loop: water or 25 % propylene glycol (by volume). */
export type PipeFluid = 'water' | 'pg25';

/** Pipe fitting kinds (loss coefficients in workers/liquid/friction.ts FITTING_K). */
export const PIPE_FITTING_KINDS = [
  'elbow-90-threaded',
  'elbow-90-flanged',
  'elbow-90-long-radius-threaded',
  'elbow-90-long-radius-flanged',
  'elbow-45-threaded',
  'tee-run-threaded',
  'tee-run-flanged',
  'tee-branch-threaded',
  'tee-branch-flanged',
  'valve-gate-open',
  'valve-ball-open',
  'valve-globe-open',
  'valve-check-swing',
  'entrance-sharp',
  'exit',
] as const;
export type PipeFittingKind = (typeof PIPE_FITTING_KINDS)[number];

/** A number of one kind of fitting. */
export interface PipeFitting {
  kind: PipeFittingKind;
  count: number;
}

/**
 * One main of a loop (supply or return) drawn as a 3D polyline that STARTS at the loop's CDU(s):
 * point 0 is the CDU connection, taps lie at distances along it. z is the pipe centre's elevation
 * above the hall floor: overhead mains are above the racks, under-floor mains below their base.
 */
export interface PipeRun {
  /** polyline, m: [x, y, z]; ≥ 2 points, consecutive points distinct */
  path: Vec3[];
  /** inner diameter, m */
  diameterM: number;
  /** absolute roughness, m */
  roughnessM: number;
  /** fittings at the CDU end beyond the ones derived from the geometry (bends and tees), e.g. valves, strainers */
  fittings: PipeFitting[];
}

/** A rack's manifold connection to a loop: a tee on the supply main and one on the return main. */
export interface PipeTap {
  rackId: string;
  /** distance along the supply path from its first point to the tee, m */
  supplyAtM: number;
  /** distance along the return path from its first point to the tee, m */
  returnAtM: number;
  /** length of each branch (supply and return hose/pipe), m; default: from the tee to the rack's connection point */
  branchLengthM?: number;
  /** inner diameter of the branches, m; default: the loop's branchDiameterM */
  branchDiameterM?: number;
}

/** A TCS loop: CDU(s) in parallel, a supply and a return main, racks tapped between them. */
export interface PipeLoop {
  id: string;
  name: string;
  fluid: PipeFluid;
  /** CDUs in parallel between the return main's start (their inlets) and the supply main's start (their outlets) */
  cduIds: string[];
  supply: PipeRun;
  return: PipeRun;
  taps: PipeTap[];
  /** default inner diameter of the rack branches, m */
  branchDiameterM: number;
  /** coolant temperature rise across each rack at its required flow, K */
  designDeltaTK: number;
  /** expansion tank / pressurisation point: distance along the return path, m, and the gauge pressure it holds, kPa */
  expansion: { atM: number; pressureKpa: number };
  /** how the CDU pumps are controlled: hold the differential pressure (usual), the flow, or run at full speed */
  pumpControl: 'dp' | 'flow' | 'fixed-speed';
  /** per-rack valves: none (each rack takes what the pressure gives) or pressure-independent flow control set to the required flow */
  rackValves: 'none' | 'flow-control';
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
  /** TCS pipe loops (format version 2) */
  pipeLoops: PipeLoop[];
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
      powerRedundancy: 'N',
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
    pipeLoops: [],
    customModels: [],
    settings: { ...DEFAULT_SETTINGS },
  };
}

export function equipmentIndex(doc: LayoutDoc): Map<string, Equipment> {
  return new Map(doc.equipment.map((e) => [e.id, e]));
}
