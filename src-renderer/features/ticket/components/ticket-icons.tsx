import type { ReactNode } from 'react';
import type { ClockDisplayState } from '../sla-view.js';

// Shapes that carry meaning beside colour (colour-blind agents): each clock state and each
// article visibility has its own.

function Svg({ children }: { children: ReactNode }) {
  return (
    <svg aria-hidden="true" focusable="false" width="16" height="16" viewBox="0 0 16 16" className="ticket-icon">
      {children}
    </svg>
  );
}

const stroke = { fill: 'none', stroke: 'currentColor', strokeWidth: 1.6, strokeLinecap: 'round', strokeLinejoin: 'round' } as const;

const clockShapes: Record<ClockDisplayState, ReactNode> = {
  running: (
    <>
      <circle cx="8" cy="8" r="6.5" {...stroke} />
      <path d="M8 4.5V8l2.5 1.5" {...stroke} />
    </>
  ),
  warning: (
    <>
      <path d="M8 1.5 15 14H1L8 1.5Z" {...stroke} />
      <path d="M8 6v3.5M8 11.8v.2" {...stroke} />
    </>
  ),
  breached: (
    <>
      <path d="M5.1 1.5h5.8l3.6 3.6v5.8l-3.6 3.6H5.1l-3.6-3.6V5.1Z" fill="currentColor" />
      <path d="m5.5 5.5 5 5m0-5-5 5" stroke="#fff" strokeWidth="1.8" strokeLinecap="round" />
    </>
  ),
  paused: (
    <>
      <circle cx="8" cy="8" r="6.5" {...stroke} />
      <path d="M6.3 5.5v5M9.7 5.5v5" {...stroke} />
    </>
  ),
  met: (
    <>
      <circle cx="8" cy="8" r="6.5" {...stroke} />
      <path d="m5 8.2 2 2 4-4.2" {...stroke} />
    </>
  ),
  'met-late': (
    <>
      <circle cx="8" cy="8" r="6.5" {...stroke} strokeDasharray="2.5 1.5" />
      <path d="m5 8.2 2 2 4-4.2" {...stroke} />
    </>
  ),
  stopped: <rect x="3" y="3" width="10" height="10" rx="1.5" {...stroke} />,
  idle: <path d="M3.5 8h9" {...stroke} />,
};

export function ClockStateIcon({ state }: { state: ClockDisplayState }) {
  return <Svg>{clockShapes[state]}</Svg>;
}

/** A padlock: internal, for agents only. */
export function InternalIcon() {
  return (
    <Svg>
      <rect x="3" y="7" width="10" height="7" rx="1.2" {...stroke} />
      <path d="M5.2 7V5a2.8 2.8 0 0 1 5.6 0v2" {...stroke} />
    </Svg>
  );
}

/** An eye: the customer sees this. */
export function CustomerVisibleIcon() {
  return (
    <Svg>
      <path d="M1.5 8S4 3.5 8 3.5 14.5 8 14.5 8 12 12.5 8 12.5 1.5 8 1.5 8Z" {...stroke} />
      <circle cx="8" cy="8" r="2" {...stroke} />
    </Svg>
  );
}

/** A picture with a slash: images were not loaded. */
export function ImageBlockedIcon() {
  return (
    <Svg>
      <rect x="1.5" y="2.5" width="13" height="11" rx="1.2" {...stroke} />
      <path d="m3.5 11 3-3.5 2.5 2.5 1.5-1.5 2 2.5M1.5 1.5l13 13" {...stroke} />
    </Svg>
  );
}

/** An hourglass: waiting for the server. */
export function PendingIcon() {
  return (
    <Svg>
      <path d="M4 1.5h8M4 14.5h8M4.8 1.5c0 4 6.4 4 6.4 6.5s-6.4 2.5-6.4 6.5M11.2 1.5c0 4-6.4 4-6.4 6.5s6.4 2.5 6.4 6.5" {...stroke} />
    </Svg>
  );
}

/** A warning triangle: refused by the server, the agent decides. */
export function WarningTriangle() {
  return <Svg>{clockShapes.warning}</Svg>;
}
