/**
 * The AWS API actions each function calls, for the api stack's IAM tests: Secrets Manager for the database
 * password (Secrets Manager decrypts the secret with the database's KMS key on the caller's behalf), and
 * for payments an S3 PutObject with SSE-KMS under the storage key (S3 asks KMS for a data key).
 */
export const HANDLER_AWS_ACTIONS = {
  payments: ['secretsmanager:GetSecretValue', 'kms:Decrypt', 's3:PutObject', 'kms:GenerateDataKey'],
  migrations: ['secretsmanager:GetSecretValue', 'kms:Decrypt'],
} as const;
