// First: it sends the page's first requests before the rest of its code is evaluated.
import { early } from './early.ts';
import './zod-config.ts';
// First, so every component's stylesheet comes after the base rules and can override them.
import './styles/theme.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import App from './App.tsx';
import { boot } from './boot.ts';
import { useStore } from './store/index.ts';

boot(useStore, early);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
