import * as THREE from 'three';

/**
 * Temperature colour scale for air, °C: blue below the ASHRAE recommended band, green in it, amber
 * towards its top (27 °C), orange to red through the allowable range and beyond.
 */
export const THERMAL_STOPS: [number, string][] = [
  [15, '#3b5bdb'],
  [18, '#1c7ed6'],
  [22, '#2f9e44'],
  [27, '#fab005'],
  [32, '#f76707'],
  [40, '#c92a2a'],
];

const stops = THERMAL_STOPS.map(([t, c]) => [t, new THREE.Color(c)] as const);

export function thermalColour(tC: number, out = new THREE.Color()): THREE.Color {
  if (!(tC > stops[0][0])) return out.copy(stops[0][1]);
  for (let i = 1; i < stops.length; i++) {
    if (tC <= stops[i][0]) {
      const f = (tC - stops[i - 1][0]) / (stops[i][0] - stops[i - 1][0]);
      return out.copy(stops[i - 1][1]).lerp(stops[i][1], f);
    }
  }
  return out.copy(stops[stops.length - 1][1]);
}
