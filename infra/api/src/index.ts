import { createStackContext } from '@payments/contracts';
import { createApiStack } from './stack';
export = createApiStack(createStackContext('api'));
