import { createStackContext } from '@payments/contracts';
import { createStorageStack } from './stack';
export = createStorageStack(createStackContext('storage'));
