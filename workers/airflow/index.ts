/**
 * Airflow/thermal engine core (pure TypeScript, no DOM). See docs/airflow.md.
 */
export * from './grid';
export * from './domain';
export * from './solver';
export * from './builder';
export { PoissonMG, type PoissonStats } from './poisson';
export * from './layout';
export * from './engine';
