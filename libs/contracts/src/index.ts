export * from './enums.js';
export * from './categories.js';
export * from './responses.js';
export * from './feed-events.js';
export * from './pictures.js';
export * from './accounts.js';
export * from './alerts.js';
export * from './promises.js';
