import { createStackContext } from '@payments/contracts';
import { createDatabaseStack } from './stack';
export = createDatabaseStack(createStackContext('database'));
