import { createStackContext } from '@payments/stack';
import { createBootstrapStack } from './stack';
export = createBootstrapStack(createStackContext('bootstrap'));
