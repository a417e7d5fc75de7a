import type { z } from 'zod';
import type { Quantity } from '../units';

/** Where a kind normally sits; used for default elevation, placement and the "inside its hall" check. */
export type Placement = 'floor' | 'overhead' | 'wall' | 'outdoor';

export type Category = 'legacy' | 'it' | 'liquid' | 'air' | 'electrical' | 'heat-rejection' | 'structure';

/** Common properties every kind carries (SI). Kinds add their own. */
export interface BaseProps {
  widthM: number;
  depthM: number;
  heightM: number;
  weightKg: number;
}

/** One inspector field. `key` names a property in props; values are SI, shown in the chosen unit system. */
export interface FieldDef {
  key: string;
  label: string;
  quantity: Quantity;
  min?: number;
  max?: number;
  step?: number;
  /** discrete choices instead of a number input */
  options?: { value: string | number; label: string }[];
  help?: string;
  /** confidence of the default: V vendor/standard, S secondary, U uncertain (see docs/domain) */
  source?: 'V' | 'S' | 'U';
}

/**
 * A visual part of the equipment's 3D look, in the equipment's local frame (metres; x along width,
 * y along depth with the front at −y, z up from the base). Parts are drawn instanced per (model, part).
 */
export interface LookPart {
  name: string;
  /** centre offset from the footprint centre at base level */
  offset: [number, number, number];
  size: [number, number, number];
  color: string;
  /** 'front' and 'rear' parts mark the air inlet and exhaust faces */
  role?: 'body' | 'front' | 'rear' | 'detail' | 'glass';
  opacity?: number;
}

export interface CatalogModel<P extends BaseProps = BaseProps> {
  id: string;
  name: string;
  description: string;
  props: P;
}

/**
 * Everything the app, the engines and the file format need to know about one kind of equipment.
 * Pure data and functions: no React, no DOM, so engines and the CLI can import it.
 */
export interface KindDef<P extends BaseProps = BaseProps> {
  kind: string;
  label: string;
  category: Category;
  placement: Placement;
  /** zod schema of the complete props (with sane bounds); the file format uses `.partial()` of it */
  propsSchema: z.ZodObject;
  models: CatalogModel<P>[];
  fields: FieldDef[];
  /** 3D look, derived from props */
  look(props: P): LookPart[];
  /** default base elevation above the floor (busway overhead, say), metres */
  defaultElevationM?(props: P): number;
  /** electrical power drawn from the distribution at design load, kW */
  electricalKw(props: P): number;
  /** heat released to the room air at design load, kW */
  heatToAirKw(props: P): number;
  /** heat carried away by liquid at design load, kW */
  heatToLiquidKw(props: P): number;
  /** true for IT equipment that needs service clearance in front and behind */
  serviceClearance: boolean;
  /** a one-line summary for the outline list, e.g. "132 kW · 85 % liquid" */
  summary(props: P): string;
}

// Kinds are registered in a heterogeneous table; each module is typed precisely on its own.
export type AnyKindDef = KindDef<any>;
