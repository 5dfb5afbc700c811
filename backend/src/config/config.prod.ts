/** NODE_ENV=production: schema from migrations, secrets required (see secrets.ts). */
export default {
  typeorm: { dataSource: { default: { synchronize: false, migrationsRun: false } } },
};
