import { createStackContext } from '@payments/contracts';
import { createNetworkStack } from './stack';
export = createNetworkStack(createStackContext('network'));
