import type { ComponentType } from 'preact';
import type { PageKind, PageMatch } from '../detect/types';
import type { PageReply } from '../shared/messages';

/** What a step is given; it tells the worker what the user did with `send` (platform/content). */
export interface StepProps extends PageReply {
  match: PageMatch;
  /** Rox-specific help may show: the client id is proven Rox's and no check failed (or a Rox page). */
  help: boolean;
}

/** One guided step: where it runs (include), which seed step it is, and what it shows. */
export interface Step {
  /** Equals the file name (a meta test checks it). */
  id: string;
  seedStep: number;
  include: readonly PageKind[];
  /** Message key of the panel's heading on this page. */
  titleKey: string;
  /** Message key shown instead of the Body where the app is not provably Rox's. */
  warnKey: string;
  /** Shown instead of `warnKey` where it needs the page's facts (as text). */
  Warning?: ComponentType<StepProps>;
  /** The red warning's "what to do" (default: the user's, `suspiciousWhatToDo`). */
  whatToDoKey?: string;
  Body: ComponentType<StepProps>;
}
