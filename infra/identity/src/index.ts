import { createStackContext } from '@payments/stack';
import { createIdentityStack } from './stack';
export = createIdentityStack(createStackContext('identity'));
