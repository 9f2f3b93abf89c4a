import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, type PointStyle } from 'chart.js';

// Only what the reports draw: bars (grouped and stacked), lines over them, the category and
// value axes, and the legend. No tooltip and no animation: a chart is read on paper as on screen.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend);

export { Chart };

/**
 * Fills that still read in black-and-white print: each differs in lightness and in its pattern,
 * colour is the third cue only. The first three carry the SLA's meaning wherever a series names
 * it (met dark and solid, breached mid and hatched, running light and dotted).
 */
type Pattern = 'solid' | 'diagonal' | 'dots' | 'cross' | 'vertical' | 'horizontal';

interface Fill {
  color: string;
  pattern: Pattern;
  /** The pattern's strokes: light on a dark fill, dark on a light one. */
  ink: string;
}

const fills: readonly Fill[] = [
  { color: '#1d4e89', pattern: 'solid', ink: '#ffffff' },
  { color: '#c4512f', pattern: 'diagonal', ink: '#ffffff' },
  { color: '#c9d3df', pattern: 'dots', ink: '#27303a' },
  { color: '#4d7a2c', pattern: 'cross', ink: '#ffffff' },
  { color: '#e6b54a', pattern: 'vertical', ink: '#3b2a00' },
  { color: '#4a4a4a', pattern: 'horizontal', ink: '#ffffff' },
];

/** Series whose meaning has a fill of its own, whatever their position. */
const meaningful: Record<string, number> = { met: 0, compliant: 0, breached: 1, 'breached-tickets': 1, running: 2 };

/** The fill of each bar series: meaningful ones first, the others by position among the rest. */
export function fillIndexes(series: readonly string[]): number[] {
  const taken = new Set(series.flatMap((key) => (key in meaningful ? [meaningful[key] ?? 0] : [])));
  let next = 0;
  return series.map((key) => {
    const known = meaningful[key];
    if (known !== undefined) return known;
    while (taken.has(next % fills.length) && taken.size < fills.length) next += 1;
    const index = next % fills.length;
    taken.add(index);
    return index;
  });
}

const tileSize = 8;

/**
 * A fill as a canvas pattern in `canvas`'s document, its tile drawn at the chart's pixel ratio and
 * scaled back, so that hatching stays sharp on paper (the print page draws at three times).
 */
export function fillPattern(index: number, canvas: HTMLCanvasElement, pixelRatio: number): CanvasPattern | string {
  const fill = fills[index % fills.length] ?? fills[0];
  if (fill === undefined || fill.pattern === 'solid') return fill?.color ?? '#000000';
  const tile = canvas.ownerDocument.createElement('canvas');
  tile.width = tileSize * pixelRatio;
  tile.height = tileSize * pixelRatio;
  const context = tile.getContext('2d');
  const target = canvas.getContext('2d');
  if (context === null || target === null) return fill.color;
  context.scale(pixelRatio, pixelRatio);
  context.fillStyle = fill.color;
  context.fillRect(0, 0, tileSize, tileSize);
  context.strokeStyle = fill.ink;
  context.fillStyle = fill.ink;
  context.lineWidth = 1.4;
  const line = (x1: number, y1: number, x2: number, y2: number): void => {
    context.beginPath();
    context.moveTo(x1, y1);
    context.lineTo(x2, y2);
    context.stroke();
  };
  switch (fill.pattern) {
    case 'diagonal':
      line(-1, tileSize + 1, tileSize + 1, -1);
      line(-1, 1, 1, -1);
      line(tileSize - 1, tileSize + 1, tileSize + 1, tileSize - 1);
      break;
    case 'dots':
      for (const [x, y] of [[2, 2], [6, 6]] as const) {
        context.beginPath();
        context.arc(x, y, 1.1, 0, 2 * Math.PI);
        context.fill();
      }
      break;
    case 'cross':
      line(0, tileSize / 2, tileSize, tileSize / 2);
      line(tileSize / 2, 0, tileSize / 2, tileSize);
      break;
    case 'vertical':
      line(tileSize / 2, 0, tileSize / 2, tileSize);
      break;
    case 'horizontal':
      line(0, tileSize / 2, tileSize, tileSize / 2);
      break;
  }
  const pattern = target.createPattern(tile, 'repeat');
  if (pattern === null) return fill.color;
  pattern.setTransform(new DOMMatrix().scale(1 / pixelRatio));
  return pattern;
}

/** The line over bars: black, told apart by dashes and point shapes rather than colour. */
export const lineStyles: readonly { dash: number[]; point: PointStyle }[] = [
  { dash: [], point: 'rectRot' },
  { dash: [6, 4], point: 'triangle' },
  { dash: [2, 3], point: 'circle' },
];

export const lineColour = '#1a1a1a';
export const gridColour = '#d5d9de';
export const textColour = '#1f2328';
/** Mantine's font stack, so that a chart reads like the page around it. */
export const chartFont = '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif';
