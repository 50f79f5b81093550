import type { ComponentType } from 'preact';
import type { PageKind, PageMatch } from '../detect/types';
import type { PageReply, PageReport } from '../shared/messages';

export interface StepProps extends PageReply {
  match: PageMatch;
  /** Tells the background something this page learned (merged into the page report). */
  report(extra: Partial<PageReport>): void;
}

/** One guided step: where it runs (include), which seed step it is, and what it shows. */
export interface Step {
  /** Equals the file name (a meta test checks it). */
  id: string;
  seedStep: number;
  include: readonly PageKind[];
  /** Message key of the panel's heading on this page. */
  titleKey: string;
  Body: ComponentType<StepProps>;
}
