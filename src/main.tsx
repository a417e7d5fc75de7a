import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles.css';

// No StrictMode: drei's <Html> labels unmount their own React roots, which StrictMode's double
// mounting turns into "synchronously unmount a root while rendering" errors.
createRoot(document.getElementById('root')!).render(<App />);
