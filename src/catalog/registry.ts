import type { AnyKindDef, BaseProps, CatalogModel } from './types';
import { rack } from './kinds/rack';

/**
 * The table of kinds. Adding a kind = one module under kinds/ plus one line here; the file format,
 * the JSON Schema, the catalog panel, the inspector and the 3D scene all follow from this table.
 */
export const KINDS: AnyKindDef[] = [rack];

const byKind = new Map<string, AnyKindDef>(KINDS.map((k) => [k.kind, k]));

export function getKind(kind: string): AnyKindDef | undefined {
  return byKind.get(kind);
}

export function kindOrThrow(kind: string): AnyKindDef {
  const k = byKind.get(kind);
  if (!k) throw new Error(`unknown equipment kind "${kind}"`);
  return k;
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
