import { createStackContext } from '@payments/stack';
import { createApiStack } from './stack';
export = createApiStack(createStackContext('api'));
