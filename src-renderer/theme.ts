import { createTheme } from '@mantine/core';

/**
 * Only settings that act in JavaScript belong here. Anything Mantine turns into a CSS variable
 * (colours, radius, fonts, cursor) would need its run-time <style> tag, which the CSP forbids:
 * those are overridden in styles/app.css instead.
 */
export const theme = createTheme({
  respectReducedMotion: true,
});
