import { z } from 'zod';
import type { BaseProps, KindDef, LookPart } from '../types';
import { airDeltaTK, base, baseFields, COLORS, fmtKw, num, part, fitLook } from './common';

/**
 * A 40-ft mining container standing in the yard: miners on internal racks, air drawn in through one
 * long side (the front, local −y) and blown out of the other (rear, +y). Hydro and immersion
 * containers carry nearly all their heat in a closed loop to dry coolers or a cooling tower.
 */
export interface MiningContainerProps extends BaseProps {
  minerCount: number;
  /** electrical power of one miner, kW */
  minerPowerKw: number;
  /** airflow per miner slot, m³/s (miner fans, or the ventilation share in a liquid container) */
  minerAirflowM3s: number;
  /** share of the miners' heat carried away by liquid, 0..1 */
  liquidFraction: number;
  /** container auxiliaries (ventilation, circulation pumps, controls, lighting), kW; all to air */
  auxPowerKw: number;
}

const schema = base.extend({
  minerCount: z.number().int().min(0).max(1000),
  minerPowerKw: num(0.1, 10),
  minerAirflowM3s: num(0, 1),
  liquidFraction: num(0, 1),
  auxPowerKw: num(0, 200),
});

/** Miners' power, kW (minerCount × minerPowerKw). */
export function containerMinerKw(p: MiningContainerProps): number {
  return p.minerCount * p.minerPowerKw;
}

/** Total airflow through the container, m³/s. */
export function containerAirflowM3s(p: MiningContainerProps): number {
  return p.minerCount * p.minerAirflowM3s;
}

/** Air temperature rise front → rear of the container at design load, K (ρ = 1.2, c_p = 1.006). */
export function containerAirDeltaTK(p: MiningContainerProps): number {
  return airDeltaTK(containerHeatToAirKw(p), containerAirflowM3s(p));
}

function containerHeatToAirKw(p: MiningContainerProps): number {
  return containerMinerKw(p) * (1 - p.liquidFraction) + p.auxPowerKw;
}

function rawLook(p: MiningContainerProps): LookPart[] {
  const w = p.widthM / 2;
  const d = p.depthM / 2;
  const h = p.heightM;
  const liquid = p.liquidFraction > 0.5;
  return [
    part('body', [-w, w], [-d + 0.04, d - 0.04], [0, h], liquid ? '#3f5f7a' : '#d8dce1'),
    // intake side: louvres / evaporative pads along the long face
    part('front', [-w + 0.3, w - 0.3], [-d, -d + 0.04], [0.3, h - 0.3], liquid ? COLORS.water : COLORS.inlet, 'front'),
    // exhaust side: fan bank
    part('rear', [-w + 0.3, w - 0.3], [d - 0.04, d], [0.3, h - 0.3], liquid ? COLORS.warmWater : COLORS.exhaust, 'rear'),
    // doors at one end so the container reads as a container
    part('doors', [-w, -w + 0.05], [-d + 0.1, d - 0.1], [0.05, h - 0.1], COLORS.steel, 'detail'),
  ];
}

const look = (p: MiningContainerProps): LookPart[] => fitLook(rawLook(p), p);

export const miningContainer: KindDef<MiningContainerProps> = {
  kind: 'mining-container',
  label: 'Mining container',
  category: 'legacy',
  placement: 'outdoor',
  propsSchema: schema,
  serviceClearance: false,
  models: [
    {
      id: 'air-40ft',
      name: '40-ft air container (320 × S21)',
      description: '40-ft high-cube, 12.2 × 2.44 × 2.9 m outside [V]; 320 miners × 3.5 kW ≈ 1.1 MW (air containers ~1–1.9 MW) [S]; aux and weight [U]',
      props: { widthM: 12.19, depthM: 2.44, heightM: 2.9, weightKg: 10_500, minerCount: 320, minerPowerKw: 3.5, minerAirflowM3s: 0.19, liquidFraction: 0, auxPowerKw: 6 },
    },
    {
      id: 'hydro-40ft',
      name: '40-ft hydro container (~1.9 MW)',
      description: 'Hydro miners (~4.8 kW each) in a 40-ft container, ~1.9 MW [S]; closed loop to dry coolers, N+1 pumps [S]; ~95 % to water, pumps and ventilation [U]',
      props: { widthM: 12.19, depthM: 2.44, heightM: 2.9, weightKg: 18_000, minerCount: 396, minerPowerKw: 4.8, minerAirflowM3s: 0.02, liquidFraction: 0.95, auxPowerKw: 30 },
    },
    {
      id: 'immersion-40ft',
      name: '40-ft immersion container (~1.7 MW)',
      description: 'Miners immersed in dielectric fluid tanks, ~1.7 MW [S]; ~99 % of heat to the fluid loop [U]; tanks full of fluid make it heavy [U]',
      props: { widthM: 12.19, depthM: 2.44, heightM: 2.9, weightKg: 26_000, minerCount: 288, minerPowerKw: 6.0, minerAirflowM3s: 0.01, liquidFraction: 0.99, auxPowerKw: 35 },
    },
  ],
  fields: [
    ...baseFields,
    { key: 'minerCount', label: 'Miners', quantity: 'count', min: 0, max: 1000, step: 1, source: 'S' },
    { key: 'minerPowerKw', label: 'Power per miner', quantity: 'power', min: 0.1, max: 10, step: 0.05, source: 'S' },
    { key: 'minerAirflowM3s', label: 'Airflow per miner slot', quantity: 'airflow', min: 0, max: 1, step: 0.01, source: 'S' },
    { key: 'liquidFraction', label: 'Liquid share of miner heat', quantity: 'fraction', min: 0, max: 1, step: 0.01, source: 'U' },
    { key: 'auxPowerKw', label: 'Auxiliaries (fans, pumps, controls)', quantity: 'power', min: 0, max: 200, step: 1, source: 'U' },
  ],
  look,
  electricalKw: (p) => containerMinerKw(p) + p.auxPowerKw,
  heatToAirKw: containerHeatToAirKw,
  heatToLiquidKw: (p) => containerMinerKw(p) * p.liquidFraction,
  summary: (p) =>
    `${p.minerCount} miners · ${fmtKw(containerMinerKw(p) + p.auxPowerKw)}${p.liquidFraction > 0 ? ` · ${Math.round(p.liquidFraction * 100)} % liquid` : ' · air'}`,
};
