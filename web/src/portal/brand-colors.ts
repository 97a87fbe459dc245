const HEX_COLOR = /^#[0-9a-f]{6}$/i;
const FALLBACK = '#1d4ed8';

/** WCAG 2 relative luminance of a `#rrggbb` colour. */
function luminance(hex: string): number {
  const channels = [1, 3, 5].map((start) => Number.parseInt(hex.slice(start, start + 2), 16) / 255);
  const [r = 0, g = 0, b = 0] = channels.map((c) =>
    c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4,
  );
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

const contrast = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);

/**
 * The organization's colour and the text to write on it: black or white, whichever contrasts more.
 * For any colour the better of the two reaches at least 4.58:1, so text on the brand colour always
 * meets WCAG AA, whatever an admin picks.
 */
export function brandColors(color: string): { brand: string; brandText: string } {
  const brand = HEX_COLOR.test(color) ? color : FALLBACK;
  const own = luminance(brand);
  const brandText = contrast(own, 0) >= contrast(own, 1) ? '#000000' : '#ffffff';
  return { brand, brandText };
}
