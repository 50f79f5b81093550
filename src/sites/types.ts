/**
 * A site the extension works on, as one entry: where its content script runs, what that script may tell
 * the worker, and where its detectors and steps live. The manifest's content scripts, the build's entries
 * and the worker's sender rules are read from (or checked against) these entries.
 * Import-light on purpose: data and types only, so the worker and the build never pull detector code.
 */
import type { PageKind } from '../detect/types';
import type { MessageType } from '../shared/messages';

export interface Site {
  /** Also the content script's file name. */
  id: string;
  /**
   * Manifest match patterns of the content script, `https://host/*` or `https://*.host/*` only. They are
   * also the site's origins: the worker accepts its messages from exactly these hosts, over https, on the
   * default port.
   */
  matches: readonly string[];
  /** The manifest's `all_frames`: whether the script also runs in frames (the worker accepts frames then). */
  allFrames: boolean;
  /** The page kinds its content script may report. */
  kinds: readonly PageKind[];
  /** The messages its content script may send. */
  messages: readonly MessageType[];
  /** The content-script entry (a path from the repository root, as the manifest and the build name it). */
  contentScript: string;
  /**
   * The panel's entry when it is not bundled with the content script: built as one classic script beside it
   * (same path, `.js`) and injected by the worker (`inject-ui`) only into pages that get a panel.
   */
  ui?: string;
  /** Its detectors and its steps, by path: referenced, not imported, so nobody bundles them by accident. */
  detectors: string;
  steps: string;
}
