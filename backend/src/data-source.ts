/**
 * The DataSource for the TypeORM command line (`npm run migrate`, generating migrations): the same
 * database options as the app (config/database.ts) and every entity.
 */
import 'reflect-metadata';
import * as path from 'path';
import { DataSource } from 'typeorm';
import { databaseOptions } from './config/database';

export default new DataSource({
  ...databaseOptions(),
  synchronize: false,
  entities: [path.join(__dirname, 'entity', '*.entity.{ts,js}')],
});
