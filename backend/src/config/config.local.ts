import { MidwayConfig } from '@midwayjs/core';

/** `npm start` on a developer machine: embedded defaults (SQLite, local disk, simulator). */
export default {} as MidwayConfig;
