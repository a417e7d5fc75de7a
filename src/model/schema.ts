import { z } from 'zod';
import { KINDS } from '../catalog/registry';
import { CURRENT_VERSION, FORMAT, PIPE_FITTING_KINDS, POWER_REDUNDANCIES } from './document';

/**
 * The file format as zod schemas: the loader validates with them, and scripts/gen-schema.ts turns
 * the same definitions into public/layout.schema.json. Bounds are physical sanity limits, not design
 * rules (those are findings). Objects are strict: an unknown key is an error naming its path.
 */
const num = (min: number, max: number) => z.number().min(min).max(max);

export const idSchema = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'ids use letters, digits and _ . : - only');

const vec2 = z.tuple([num(-100_000, 100_000), num(-100_000, 100_000)]);
const vec3 = z.tuple([num(-100_000, 100_000), num(-100_000, 100_000), num(-100, 1_000)]);

export const siteSchema = z.strictObject({
  name: z.string().max(200),
  utility: z.strictObject({
    interconnectMw: num(0, 10_000).describe('utility interconnect capacity, MW'),
    voltageKv: num(0.1, 1_000).describe('utility service voltage, kV'),
  }),
  climate: z.strictObject({
    designDryBulbC: num(-60, 65).describe('design ambient dry bulb, °C'),
    designWetBulbC: num(-60, 45).describe('design ambient wet bulb, °C'),
  }),
  ashraeClass: z.enum(['A1', 'A2', 'A3', 'A4', 'H1']),
  powerRedundancy: z
    .enum(POWER_REDUNDANCIES)
    .default('N')
    .describe('redundancy the power design claims: N, N+1 (UPS modules), 2N (A/B systems), DR (distributed redundant), catcher (isolated redundant); sets how lost loads and single cords are judged'),
});

export const openingSchema = z.strictObject({
  id: idSchema,
  kind: z.enum(['door', 'intake', 'exhaust', 'louvre']),
  wall: z.number().int().min(0).max(10_000).describe('outline edge index (edge i runs from vertex i to i+1)'),
  offsetM: num(0, 100_000).describe('from the edge start to the opening centre, m'),
  widthM: num(0.1, 10_000).describe('opening width along the wall, m'),
  heightM: num(0.1, 100).describe('opening height, m'),
  sillM: num(0, 100).default(0).describe('height of the opening bottom above the floor, m'),
});

export const hallSchema = z.strictObject({
  id: idSchema,
  name: z.string().max(200),
  outline: z.array(vec2).min(3).max(500).describe('plan polygon, metres'),
  clearHeightM: num(1, 100).describe('clear height under the structure, m'),
  floorRatingKgM2: num(10, 100_000).describe('floor load rating, kg/m²'),
  openings: z.array(openingSchema).max(1_000).default([]).describe('doors, intakes, exhausts and louvres in the walls'),
});

const scalar = z.union([z.number(), z.string().max(200), z.boolean()]);

export const connectionSchema = z.strictObject({
  id: idSchema,
  kind: z.enum(['power', 'liquid']),
  from: idSchema.describe('equipment id at the source end (upstream: supply, distribution)'),
  to: idSchema.describe('equipment id at the load end'),
  props: z.record(z.string().max(80), scalar).default({}).describe('free-form numbers, text or flags; SI units'),
});

// ---- pipe loops (format version 2) -------------------------------------------------------------

/** At most this many points per main and taps per loop (a row of 50 racks needs 50 taps). */
export const MAX_PIPE_POINTS = 2_000;
export const MAX_PIPE_TAPS = 2_000;

export const pipeFittingSchema = z.strictObject({
  kind: z.enum(PIPE_FITTING_KINDS),
  count: z.number().int().min(0).max(1_000),
});

export const pipeRunSchema = z.strictObject({
  path: z.array(vec3).min(2).max(MAX_PIPE_POINTS).describe('polyline [x, y, z], m, starting at the CDU connection; z above the hall floor'),
  diameterM: num(0.005, 2).describe('inner diameter, m'),
  roughnessM: num(0, 0.01).default(4.5e-5).describe('absolute roughness, m (commercial steel 4.5e-5, drawn copper/stainless 1.5e-6)'),
  fittings: z.array(pipeFittingSchema).max(100).default([]).describe('fittings beyond the bends and tees the geometry implies (valves, strainers)'),
});

export const pipeTapSchema = z.strictObject({
  rackId: idSchema.describe('the rack this tap connects'),
  supplyAtM: num(0, 100_000).describe('distance along the supply path to the supply tee, m'),
  returnAtM: num(0, 100_000).describe('distance along the return path to the return tee, m'),
  branchLengthM: num(0.01, 1_000).optional().describe('length of each branch, m (default: tee to the rack connection)'),
  branchDiameterM: num(0.005, 2).optional().describe("branch inner diameter, m (default: the loop's branchDiameterM)"),
});

export const pipeLoopSchema = z.strictObject({
  id: idSchema,
  name: z.string().max(200).optional().describe('label; default: the id'),
  fluid: z.enum(['water', 'pg25']).default('water'),
  cduIds: z.array(idSchema).max(100).describe('CDUs in parallel: inlets on the return start, outlets on the supply start (empty: drawn before its CDU)'),
  supply: pipeRunSchema,
  return: pipeRunSchema,
  taps: z.array(pipeTapSchema).max(MAX_PIPE_TAPS).default([]),
  branchDiameterM: num(0.005, 2).default(0.0525).describe('default branch inner diameter, m (2" schedule 40)'),
  designDeltaTK: num(1, 40).default(10).describe('coolant temperature rise across a rack at its required flow, K'),
  expansion: z
    .strictObject({
      atM: num(0, 100_000).default(0).describe('distance along the return path, m (0 = CDU inlet)'),
      pressureKpa: num(0, 2_000).default(150).describe('gauge pressure held there, kPa'),
    })
    .default({ atM: 0, pressureKpa: 150 }),
  pumpControl: z.enum(['dp', 'flow', 'fixed-speed']).default('dp').describe('CDU pump control: differential pressure, flow, or full speed'),
  rackValves: z.enum(['none', 'flow-control']).default('none').describe('per-rack valves: none (flow follows the pressure available) or pressure-independent flow control at the required flow'),
});

const equipmentCommon = {
  id: idSchema,
  model: z.string().min(1).max(80).describe('catalog model id, built-in or from customModels'),
  name: z.string().max(200).optional(),
  hallId: idSchema.nullable().default(null).describe('hall the equipment stands in; null for outdoor'),
  position: vec3.describe('footprint centre [x, y] and base elevation z, metres'),
  rotationDeg: num(-3600, 3600).default(0).describe('about the vertical, counter-clockwise, degrees'),
};

/** One strict object per kind, discriminated on `kind`; props may be partial in files (defaults restored). */
export const equipmentSchema = z.discriminatedUnion(
  'kind',
  KINDS.map((k) =>
    z.strictObject({
      ...equipmentCommon,
      kind: z.literal(k.kind),
      props: k.propsSchema.partial().strict().default({}),
    }),
  ) as unknown as [z.ZodObject, ...z.ZodObject[]],
);

export const customModelSchema = z.strictObject({
  id: idSchema,
  kind: z.string().max(80),
  baseModel: z.string().min(1).max(80).describe('catalog model (or another custom model) of the same kind it derives from'),
  name: z.string().max(200),
  props: z.record(z.string().max(80), z.number()).default({}).describe('props that differ from the base model, SI units'),
});

export const settingsSchema = z.strictObject({
  clearanceFrontM: num(0, 20).default(1.2).describe('service clearance in front of racks, m'),
  clearanceRearM: num(0, 20).default(1.0).describe('service clearance behind racks, m'),
});

export const metaSchema = z.strictObject({
  title: z.string().max(200).default('Untitled layout'),
  createdAt: z.string().max(64).optional(),
  modifiedAt: z.string().max(64).optional(),
  app: z.string().max(100).optional(),
});

/** At ~0.5 kB per pretty-printed record, 50,000 records stay inside MAX_FILE_BYTES (40 MiB). */
export const MAX_EQUIPMENT = 50_000;

export const layoutSchema = z.strictObject({
  format: z.literal(FORMAT),
  version: z.literal(CURRENT_VERSION),
  meta: metaSchema.default({ title: 'Untitled layout' }),
  site: siteSchema,
  halls: z.array(hallSchema).min(1).max(100),
  equipment: z.array(equipmentSchema).max(MAX_EQUIPMENT).default([]),
  connections: z.array(connectionSchema).max(MAX_EQUIPMENT * 4).default([]),
  pipeLoops: z.array(pipeLoopSchema).max(1_000).default([]).describe('TCS pipe loops: CDUs, supply and return mains, rack taps'),
  customModels: z.array(customModelSchema).max(10_000).default([]),
  settings: settingsSchema.default({ clearanceFrontM: 1.2, clearanceRearM: 1.0 }),
});
