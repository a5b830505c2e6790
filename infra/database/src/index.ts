import { createStackContext } from '@payments/stack';
import { createDatabaseStack } from './stack';
export = createDatabaseStack(createStackContext('database'));
