import { createStackContext } from '@payments/stack';
import { createStorageStack } from './stack';
export = createStorageStack(createStackContext('storage'));
