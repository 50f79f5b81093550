/** The toolbar popup's entry. */
import { render } from 'preact';
import { Popup } from './popup';
import './popup.css';

render(<Popup />, document.getElementById('app')!);
