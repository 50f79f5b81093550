import type { FunctionComponent } from 'preact';
import type { PageKind, PageMatch } from '../detect/types';
import type { Flow } from '../flow/model';
import type { Prefs } from '../flow/storage';
import type { Verdict } from '../guard';
import type { PageReport } from '../shared/messages';

export interface StepProps {
  match: PageMatch;
  flow?: Flow;
  prefs: Prefs;
  verdict: Verdict | null;
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
  Body: FunctionComponent<StepProps>;
}
