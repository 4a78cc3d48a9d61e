using Microsoft.EntityFrameworkCore;

namespace Rein.Core.Storage;

/// <summary>
/// The Rein store: signing keys, agent runtime state, revocation entries, audit records, delegation grants and
/// approvals, transaction-token instance keys, what the signals receiver remembers (receipts, streams) and the SSF
/// transmitter's streams, outbox and delivery leases. SQLite or PostgreSQL.
/// </summary>
public sealed class ReinDbContext(DbContextOptions<ReinDbContext> options) : DbContext(options)
{
    public DbSet<SigningKeyEntity> SigningKeys => Set<SigningKeyEntity>();
    public DbSet<AgentStateEntity> AgentStates => Set<AgentStateEntity>();
    public DbSet<RevocationEntity> Revocations => Set<RevocationEntity>();
    public DbSet<SchemaVersionEntity> SchemaVersions => Set<SchemaVersionEntity>();
    public DbSet<AuditRecordEntity> AuditRecords => Set<AuditRecordEntity>();
    public DbSet<AuditBatchEntity> AuditBatches => Set<AuditBatchEntity>();
    public DbSet<TransactionKeyEntity> TransactionKeys => Set<TransactionKeyEntity>();
    public DbSet<SignalReceiptEntity> SignalReceipts => Set<SignalReceiptEntity>();
    public DbSet<SignalStreamEntity> SignalStreams => Set<SignalStreamEntity>();
    public DbSet<GrantEntity> Grants => Set<GrantEntity>();
    public DbSet<ApprovalEntity> Approvals => Set<ApprovalEntity>();
    public DbSet<SsfStreamEntity> SsfStreams => Set<SsfStreamEntity>();
    public DbSet<SsfStreamSubjectEntity> SsfStreamSubjects => Set<SsfStreamSubjectEntity>();
    public DbSet<SsfOutboxEntity> SsfOutbox => Set<SsfOutboxEntity>();
    public DbSet<SsfStreamLeaseEntity> SsfStreamLeases => Set<SsfStreamLeaseEntity>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SigningKeyEntity>(e =>
        {
            e.ToTable("signing_keys");
            e.HasKey(k => k.KeyId);
            e.Property(k => k.KeyId).HasMaxLength(64);
            e.Property(k => k.Algorithm).HasMaxLength(16);
            e.Property(k => k.PublicJwk).HasMaxLength(4096);
        });
        modelBuilder.Entity<AgentStateEntity>(e =>
        {
            e.ToTable("agent_states");
            e.HasKey(a => a.AgentId);
            e.Property(a => a.AgentId).HasMaxLength(128);
            e.Property(a => a.Reason).HasMaxLength(512);
        });
        modelBuilder.Entity<RevocationEntity>(e =>
        {
            e.ToTable("revocations");
            e.HasKey(r => new { r.Kind, r.SubjectId });
            e.Property(r => r.SubjectId).HasMaxLength(512);
            e.Property(r => r.Reason).HasMaxLength(512);
            e.HasIndex(r => r.Sequence);
        });
        modelBuilder.Entity<AuditRecordEntity>(e =>
        {
            e.ToTable("audit_records");
            e.HasKey(a => a.Id);
            e.Property(a => a.ChainId).HasMaxLength(64);
            e.Property(a => a.Kind).HasMaxLength(64);
            e.HasIndex(a => new { a.ChainId, a.Sequence }).IsUnique();
        });
        modelBuilder.Entity<AuditBatchEntity>(e =>
        {
            e.ToTable("audit_batches");
            e.HasKey(a => a.Id);
            e.Property(a => a.ChainId).HasMaxLength(64);
            e.HasIndex(a => new { a.ChainId, a.FirstSequence }).IsUnique();
        });
        modelBuilder.Entity<GrantEntity>(e =>
        {
            e.ToTable("grants");
            e.HasKey(g => g.Id);
            e.Property(g => g.Id).HasMaxLength(64);
            e.Property(g => g.UserIssuer).HasMaxLength(512);
            e.Property(g => g.UserSubject).HasMaxLength(255);
            e.Property(g => g.AgentId).HasMaxLength(64);
            e.Property(g => g.Tools).HasMaxLength(16384);
            e.Property(g => g.Approvers).HasMaxLength(8192);
            e.Property(g => g.CreatedBy).HasMaxLength(128);
            e.Property(g => g.RevokedBy).HasMaxLength(128);
            e.Property(g => g.Reason).HasMaxLength(512);
            e.HasIndex(g => g.ChangedAt);
        });
        modelBuilder.Entity<ApprovalEntity>(e =>
        {
            e.ToTable("approvals");
            e.HasKey(a => a.Id);
            e.Property(a => a.Id).HasMaxLength(64);
            e.Property(a => a.AgentId).HasMaxLength(64);
            e.Property(a => a.UserIssuer).HasMaxLength(512);
            e.Property(a => a.UserSubject).HasMaxLength(255);
            e.Property(a => a.GrantId).HasMaxLength(64);
            e.Property(a => a.ToolId).HasMaxLength(64);
            e.Property(a => a.Action).HasMaxLength(128);
            e.Property(a => a.AuthorizationDetails).HasMaxLength(8192);
            e.Property(a => a.Approvers).HasMaxLength(8192);
            e.Property(a => a.DecidedBy).HasMaxLength(128);
            e.Property(a => a.Approver).HasMaxLength(255);
            e.Property(a => a.Reason).HasMaxLength(512);
            e.Property(a => a.TokenId).HasMaxLength(64);
            e.HasIndex(a => new { a.AgentId, a.Status });
            e.HasIndex(a => a.CreatedAt);
        });
        modelBuilder.Entity<SignalReceiptEntity>(e =>
        {
            e.ToTable("signal_receipts");
            e.HasKey(r => new { r.Transmitter, r.JwtId });
            e.Property(r => r.Transmitter).HasMaxLength(128);
            e.Property(r => r.JwtId).HasMaxLength(256);
            e.Property(r => r.EventType).HasMaxLength(256);
            e.HasIndex(r => r.ReceivedAt);
        });
        modelBuilder.Entity<SignalStreamEntity>(e =>
        {
            e.ToTable("signal_streams");
            e.HasKey(s => s.Transmitter);
            e.Property(s => s.Transmitter).HasMaxLength(128);
            e.Property(s => s.StreamId).HasMaxLength(256);
            e.Property(s => s.PollEndpoint).HasMaxLength(2048);
            e.Property(s => s.Status).HasMaxLength(16);
            e.Property(s => s.StatusReason).HasMaxLength(512);
            e.Property(s => s.PendingVerificationState).HasMaxLength(256);
        });
        modelBuilder.Entity<SsfStreamEntity>(e =>
        {
            e.ToTable("ssf_streams");
            e.HasKey(s => s.StreamId);
            e.Property(s => s.StreamId).HasMaxLength(64);
            e.Property(s => s.ReceiverId).HasMaxLength(128);
            e.Property(s => s.Audience).HasMaxLength(512);
            e.Property(s => s.DeliveryMethod).HasMaxLength(32);
            e.Property(s => s.EndpointUrl).HasMaxLength(2048);
            e.Property(s => s.Description).HasMaxLength(1024);
            e.Property(s => s.StatusReason).HasMaxLength(512);
            e.HasIndex(s => s.ReceiverId);
        });
        modelBuilder.Entity<SsfStreamSubjectEntity>(e =>
        {
            e.ToTable("ssf_stream_subjects");
            e.HasKey(s => new { s.StreamId, s.SubjectHash });
            e.Property(s => s.StreamId).HasMaxLength(64);
            e.Property(s => s.SubjectHash).HasMaxLength(64);
            e.Property(s => s.Subject).HasMaxLength(4096);
        });
        modelBuilder.Entity<SsfOutboxEntity>(e =>
        {
            e.ToTable("ssf_outbox");
            e.HasKey(o => o.Id);
            e.Property(o => o.Id).ValueGeneratedOnAdd();
            e.Property(o => o.StreamId).HasMaxLength(64);
            e.Property(o => o.Jti).HasMaxLength(64);
            e.Property(o => o.EventType).HasMaxLength(256);
            e.Property(o => o.LastError).HasMaxLength(512);
            // Note: one index only; every SET Rein sends is inserted and deleted through it. Poll acknowledgements find
            // their rows through the stream prefix, among the few SETs a stream has waiting.
            e.HasIndex(o => new { o.StreamId, o.Id });
        });
        modelBuilder.Entity<SsfStreamLeaseEntity>(e =>
        {
            // Note: a table of its own rather than columns on ssf_streams, so an older store gains it on start
            // (AdditiveSchema adds missing tables, never columns).
            e.ToTable("ssf_stream_leases");
            e.HasKey(l => l.StreamId);
            e.Property(l => l.StreamId).HasMaxLength(64);
            e.Property(l => l.Owner).HasMaxLength(64);
        });
        modelBuilder.Entity<SchemaVersionEntity>(e =>
        {
            e.ToTable("schema_version");
            e.HasKey(s => s.Version);
        });
        modelBuilder.Entity<TransactionKeyEntity>(e =>
        {
            e.ToTable("transaction_keys");
            e.HasKey(k => k.KeyId);
            e.Property(k => k.KeyId).HasMaxLength(64);
            e.Property(k => k.Algorithm).HasMaxLength(16);
            e.Property(k => k.PublicJwk).HasMaxLength(4096);
        });
    }
}
