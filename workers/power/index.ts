/**
 * Power-distribution engine: public surface. Pure TypeScript (no DOM): import from tests, the CLI,
 * benchmarks and the worker alike. See docs/power.md for the model, equations and assumptions.
 */
export * from './electrical';
export { buildPowerGraph, phaseSplit, FAILABLE_KINDS, CONNECTIONS } from './graph';
export type {
  NodeKind,
  PhaseConnection,
  LoadCategory,
  DesignRedundancy,
  FeederSpec,
  UpsSpec,
  PowerNodeInput,
  PowerCordInput,
  PowerLoadInput,
  PowerSystemInput,
  PowerGraph,
} from './graph';
export { analysePower, analysePowerGraph } from './analyse';
export type { PowerOptions, PowerResult, NodeState, LoadState, FailureScenario, Overload, PowerTotals, RatingBasis } from './analyse';
export { synthetic2N, type SyntheticOptions } from './synthetic';
export { adaptLayoutPower, powerInputFromLayout, runPower, UTILITY_ID, DISTRIBUTION_KINDS, loadCategoryOf } from './adapt';
export type { AdaptedPower, PowerRunOptions, PowerEngineResult, PowerElementSummary, PowerScenarioSummary } from './adapt';
