/**
 * The AWS API actions each function calls, for the api stack's IAM tests. Payments: an IAM authentication token
 * to the database as `payments_app` (`rds-db:connect`, checked by RDS when the token is presented) and the S3
 * PutObject with SSE-KMS under the storage key (S3 asks KMS for a data key); no Secrets Manager at all. Migrations:
 * the master password from Secrets Manager, which decrypts the secret with the database's KMS key on the caller's
 * behalf. Relay: what the payments function does after COMMIT, for the audit objects it left in the outbox.
 */
export const HANDLER_AWS_ACTIONS = {
  payments: ['rds-db:connect', 's3:PutObject', 'kms:GenerateDataKey'],
  migrations: ['secretsmanager:GetSecretValue', 'kms:Decrypt'],
  // The same database user and audit puts as the payments function, for the rows it left in the outbox.
  relay: ['rds-db:connect', 's3:PutObject', 'kms:GenerateDataKey'],
} as const;
