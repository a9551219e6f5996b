/**
 * Colour for the CLUSTER cell (DESIGN.md s.5): on only when stdout is a terminal, unless `--color` or the
 * NO_COLOR / FORCE_COLOR conventions say otherwise. Each cluster gets a colour from a hash of its name, the way stern
 * picks pod colours, so a cluster keeps its colour between runs and machines.
 */
import { Chalk, type ChalkInstance } from 'chalk';

/** Whether to colour, from `--color auto|always|never`, NO_COLOR/FORCE_COLOR and stdout's TTY-ness. */
export function shouldColor(flag: string, env: NodeJS.ProcessEnv, isTTY: boolean | undefined): boolean {
  if (flag === 'always') return true;
  if (flag === 'never') return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (env.TERM === 'dumb') return false;
  return isTTY === true;
}

/** 32-bit FNV-1a over the UTF-8 bytes of `text` (stern hashes pod names with fnv32a). */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

type PaletteColor =
  | 'cyanBright' | 'greenBright' | 'magentaBright' | 'yellowBright' | 'blueBright' | 'redBright'
  | 'cyan' | 'green' | 'magenta' | 'yellow' | 'blue' | 'red';

/** stern's palette: the bright colours first, then the normal ones. */
const PALETTE: readonly PaletteColor[] = [
  'cyanBright', 'greenBright', 'magentaBright', 'yellowBright', 'blueBright', 'redBright',
  'cyan', 'green', 'magenta', 'yellow', 'blue', 'red',
];

/** Styles cluster names with their stable colour; `enabled: false` returns names unchanged. */
export interface ClusterPainter {
  readonly enabled: boolean;
  paint(clusterName: string, text: string): string;
}

/** A painter that always emits basic ANSI colours when enabled (the decision was made by `shouldColor`). */
export function createClusterPainter(enabled: boolean): ClusterPainter {
  const chalk: ChalkInstance = new Chalk({ level: enabled ? 1 : 0 });
  return {
    enabled,
    paint: (clusterName, text) => (enabled ? chalk[PALETTE[fnv1a32(clusterName) % PALETTE.length]!](text) : text),
  };
}
