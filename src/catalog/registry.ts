import type { AnyKindDef, BaseProps, CatalogModel } from './types';
import { busway } from './kinds/busway';
import { cdu } from './kinds/cdu';
import { chiller } from './kinds/chiller';
import { containment } from './kinds/containment';
import { cooler } from './kinds/cooler';
import { dryCooler } from './kinds/dry-cooler';
import { evapWall } from './kinds/evap-wall';
import { exhaustFan } from './kinds/exhaust-fan';
import { generator } from './kinds/generator';
import { minerShelf } from './kinds/miner-shelf';
import { miningContainer } from './kinds/mining-container';
import { pdu } from './kinds/pdu';
import { rack } from './kinds/rack';
import { switchgear } from './kinds/switchgear';
import { transformer } from './kinds/transformer';
import { ups } from './kinds/ups';

/**
 * The table of kinds. Adding a kind = one module under kinds/ plus one line here; the file format,
 * the JSON Schema, the catalog panel, the inspector and the 3D scene all follow from this table.
 */
export const KINDS: AnyKindDef[] = [
  // legacy (as-found mining)
  minerShelf, miningContainer, evapWall, exhaustFan,
  // IT
  rack,
  // liquid cooling
  cdu,
  // air cooling
  cooler,
  // electrical
  transformer, switchgear, ups, pdu, busway, generator,
  // heat rejection
  dryCooler, chiller,
  // structure
  containment,
];

const byKind = new Map<string, AnyKindDef>(KINDS.map((k) => [k.kind, k]));

export function getKind(kind: string): AnyKindDef | undefined {
  return byKind.get(kind);
}

/** A model derived by the user from a catalog entry, stored in the document. */
export interface CustomModel {
  id: string;
  kind: string;
  baseModel: string;
  name: string;
  props: Record<string, unknown>;
}

/** Find a catalog model (built-in or the document's custom models) and its complete props. */
export function resolveModel(
  kind: string,
  modelId: string,
  customModels: readonly CustomModel[] = [],
): { name: string; props: BaseProps & Record<string, unknown> } | undefined {
  const k = byKind.get(kind);
  if (!k) return undefined;
  const builtin = k.models.find((m: CatalogModel) => m.id === modelId);
  if (builtin) return { name: builtin.name, props: { ...builtin.props } };
  const custom = customModels.find((m) => m.id === modelId && m.kind === kind);
  if (custom) {
    const parent = resolveModel(kind, custom.baseModel, customModels.filter((m) => m !== custom));
    if (!parent) return undefined;
    return { name: custom.name, props: { ...parent.props, ...custom.props } };
  }
  return undefined;
}
