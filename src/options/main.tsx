/** The options page's entry (manifest options_ui, opened in a tab). */
import { render } from 'preact';
import { Options } from './options';
import './options.css';

render(<Options />, document.getElementById('app')!);
