import { createStackContext } from '@payments/stack';
import { createNetworkStack } from './stack';
export = createNetworkStack(createStackContext('network'));
