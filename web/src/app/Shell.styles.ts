import { makeStyles, shorthands, tokens } from '@fluentui/react-components';
import { useSyncExternalStore } from 'react';

/** Phones and small tablets: the navigation becomes a drawer, tables become cards (index.html). */
export const narrowQuery = '(max-width: 767.98px)';
export const narrow = `@media ${narrowQuery}`;

export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    () => window.matchMedia(query).matches,
  );
}

// The frame is on every first route, so it is built from light parts (links, a native select)
// rather than Fluent's Nav, Menu and Avatar, which weigh as much as a page.
export const useShellStyles = makeStyles({
  root: { minHeight: '100vh', display: 'flex', flexDirection: 'column' },
  header: {
    position: 'sticky',
    top: 0,
    zIndex: 2,
    height: '48px',
    flexShrink: 0,
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    paddingInline: tokens.spacingHorizontalM,
    backgroundColor: '#0f3f73',
    color: tokens.colorNeutralForegroundOnBrand,
  },
  brand: { fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold, color: 'inherit' },
  brandSub: { fontSize: tokens.fontSizeBase400, color: 'inherit', opacity: 0.9 },
  spacer: { flexGrow: 1 },
  headerButton: {
    color: tokens.colorNeutralForegroundOnBrand,
    minWidth: 'auto',
    ':hover': { color: tokens.colorNeutralForegroundOnBrand, backgroundColor: 'rgba(255,255,255,0.12)' },
    ':hover:active': {
      color: tokens.colorNeutralForegroundOnBrand,
      backgroundColor: 'rgba(255,255,255,0.2)',
    },
  },
  language: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS },
  select: {
    font: 'inherit',
    fontSize: tokens.fontSizeBase300,
    color: 'inherit',
    backgroundColor: 'transparent',
    ...shorthands.border('1px', 'solid', 'rgba(255,255,255,0.5)'),
    borderRadius: tokens.borderRadiusMedium,
    paddingBlock: '2px',
    paddingInline: tokens.spacingHorizontalS,
    cursor: 'pointer',
    '& option': { color: tokens.colorNeutralForeground1, backgroundColor: tokens.colorNeutralBackground1 },
  },
  selectLight: {
    color: tokens.colorNeutralForeground1,
    ...shorthands.borderColor(tokens.colorNeutralStroke1),
  },
  initials: {
    display: 'inline-grid',
    placeItems: 'center',
    width: '28px',
    height: '28px',
    borderRadius: '50%',
    backgroundColor: '#c7e0f4',
    color: '#0f3f73',
    fontSize: tokens.fontSizeBase200,
    fontWeight: tokens.fontWeightSemibold,
  },
  body: { display: 'flex', alignItems: 'flex-start', flexGrow: 1 },
  wide: { [narrow]: { display: 'none' } },
  narrowOnly: { display: 'none', [narrow]: { display: 'inline' } },
  // Still the button's name for screen readers when the phone shows only the icon.
  signOutLabel: {
    [narrow]: {
      position: 'absolute',
      width: '1px',
      height: '1px',
      overflow: 'hidden',
      clip: 'rect(0 0 0 0)',
      whiteSpace: 'nowrap',
    },
  },
  brandNarrow: {
    [narrow]: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', minWidth: 0 },
  },
  // Below the breakpoint the navigation floats over the page (a drawer) instead of taking width.
  drawer: {
    [narrow]: {
      position: 'fixed',
      top: '48px',
      left: 0,
      zIndex: 3,
      width: 'min(300px, 85vw)',
      boxShadow: tokens.shadow28,
      backgroundColor: tokens.colorNeutralBackground1,
    },
  },
  backdrop: {
    display: 'none',
    [narrow]: {
      display: 'block',
      position: 'fixed',
      inset: '48px 0 0 0',
      zIndex: 2,
      backgroundColor: 'rgba(0,0,0,0.4)',
      border: 'none',
      padding: 0,
    },
  },
  nav: {
    flexShrink: 0,
    width: '260px',
    position: 'sticky',
    top: '48px',
    height: 'calc(100vh - 48px)',
    overflowY: 'auto',
    boxSizing: 'border-box',
    paddingBlock: tokens.spacingVerticalM,
    backgroundColor: tokens.colorNeutralBackground4,
    ...shorthands.borderRight('1px', 'solid', tokens.colorNeutralStroke2),
  },
  navHidden: { display: 'none' },
  list: { listStyle: 'none', margin: 0, padding: 0 },
  group: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    height: '40px',
    paddingInline: tokens.spacingHorizontalL,
    color: tokens.colorNeutralForeground2,
    fontWeight: tokens.fontWeightSemibold,
  },
  link: {
    position: 'relative',
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    height: '40px',
    paddingInline: tokens.spacingHorizontalL,
    color: tokens.colorNeutralForeground1,
    textDecorationLine: 'none',
    ':hover': { backgroundColor: tokens.colorNeutralBackground4Hover },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' },
    '&[aria-current="page"]': {
      fontWeight: tokens.fontWeightSemibold,
      backgroundColor: tokens.colorNeutralBackground4Selected,
      '::before': {
        content: '""',
        position: 'absolute',
        left: 0,
        top: '8px',
        bottom: '8px',
        width: '3px',
        borderRadius: '2px',
        backgroundColor: tokens.colorBrandForeground1,
      },
    },
  },
  subLink: { paddingInlineStart: '52px' },
  main: {
    flexGrow: 1,
    minWidth: 0,
    minHeight: 'calc(100vh - 48px)',
    boxSizing: 'border-box',
    paddingBlock: tokens.spacingVerticalXL,
    paddingInline: tokens.spacingHorizontalXXXL,
    backgroundColor: tokens.colorNeutralBackground2,
    ':focus': { outline: 'none' },
    [narrow]: { paddingInline: tokens.spacingHorizontalM, paddingBlock: tokens.spacingVerticalL },
  },
  skip: {
    position: 'absolute',
    left: '-9999px',
    ':focus': {
      left: tokens.spacingHorizontalM,
      top: tokens.spacingVerticalS,
      zIndex: 10,
      backgroundColor: tokens.colorNeutralBackground1,
      padding: tokens.spacingHorizontalS,
    },
  },
  cloud: { color: 'inherit', opacity: 0.85 },
});
