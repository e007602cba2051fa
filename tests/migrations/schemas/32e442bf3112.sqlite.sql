CREATE INDEX ix_api_idempotency_keys_tenant_id ON api_idempotency_keys (tenant_id)
CREATE INDEX ix_api_tokens_tenant_id ON api_tokens (tenant_id)
CREATE INDEX ix_audit_entries_actor_id ON audit_entries (actor_id)
CREATE INDEX ix_audit_entries_object ON audit_entries (tenant_id, object_type, object_id)
CREATE INDEX ix_audit_entries_tenant_created ON audit_entries (tenant_id, created_at)
CREATE INDEX ix_audit_entries_tenant_id ON audit_entries (tenant_id)
CREATE INDEX ix_automation_rules_tenant_id ON automation_rules (tenant_id)
CREATE INDEX ix_customer_contacts_email ON customer_contacts (email)
CREATE INDEX ix_customer_contacts_partner_id ON customer_contacts (partner_id)
CREATE INDEX ix_customer_contacts_tenant_id ON customer_contacts (tenant_id)
CREATE INDEX ix_feedback_categories_tenant_id ON feedback_categories (tenant_id)
CREATE INDEX ix_feedback_daily_rollups_partner_day ON feedback_daily_rollups (tenant_id, partner_id, day)
CREATE INDEX ix_feedback_daily_rollups_tenant_id ON feedback_daily_rollups (tenant_id)
CREATE INDEX ix_feedback_items_author_id ON feedback_items (author_id)
CREATE INDEX ix_feedback_items_category_id ON feedback_items (category_id)
CREATE INDEX ix_feedback_items_contact_id ON feedback_items (contact_id)
CREATE INDEX ix_feedback_items_partner_id ON feedback_items (partner_id)
CREATE INDEX ix_feedback_items_program_element_id ON feedback_items (program_element_id)
CREATE INDEX ix_feedback_items_tenant_given ON feedback_items (tenant_id, given_at)
CREATE INDEX ix_feedback_items_tenant_id ON feedback_items (tenant_id)
CREATE INDEX ix_feedback_program_rollups_tenant_id ON feedback_program_rollups (tenant_id)
CREATE INDEX ix_feedback_themes_tenant_given ON feedback_themes (tenant_id, given_at, theme_id, negative, anonymous, suppressed)
CREATE INDEX ix_feedback_themes_tenant_id ON feedback_themes (tenant_id)
CREATE INDEX ix_feedback_themes_tenant_theme_item ON feedback_themes (tenant_id, theme_id, feedback_item_id)
CREATE INDEX ix_feedback_weekly_partner_rollups_tenant_id ON feedback_weekly_partner_rollups (tenant_id)
CREATE INDEX ix_follow_up_activities_follow_up_id ON follow_up_activities (follow_up_id)
CREATE INDEX ix_follow_up_activities_partner_id ON follow_up_activities (partner_id)
CREATE INDEX ix_follow_up_activities_tenant_id ON follow_up_activities (tenant_id)
CREATE INDEX ix_follow_up_policies_tenant_id ON follow_up_policies (tenant_id)
CREATE INDEX ix_follow_ups_about_partner_id ON follow_ups (about_partner_id)
CREATE INDEX ix_follow_ups_due_on ON follow_ups (due_on)
CREATE INDEX ix_follow_ups_feedback_item_id ON follow_ups (feedback_item_id)
CREATE INDEX ix_follow_ups_idea_id ON follow_ups (idea_id)
CREATE INDEX ix_follow_ups_owner_id ON follow_ups (owner_id)
CREATE INDEX ix_follow_ups_partner_id ON follow_ups (partner_id)
CREATE INDEX ix_follow_ups_rule_id ON follow_ups (rule_id)
CREATE INDEX ix_follow_ups_tenant_id ON follow_ups (tenant_id)
CREATE INDEX ix_idea_comments_idea_id ON idea_comments (idea_id)
CREATE INDEX ix_idea_comments_tenant_id ON idea_comments (tenant_id)
CREATE INDEX ix_idea_feedback_links_feedback_item_id ON idea_feedback_links (feedback_item_id)
CREATE INDEX ix_idea_feedback_links_idea_id ON idea_feedback_links (idea_id)
CREATE INDEX ix_idea_feedback_links_tenant_id ON idea_feedback_links (tenant_id)
CREATE INDEX ix_idea_notes_idea_id ON idea_notes (idea_id)
CREATE INDEX ix_idea_notes_tenant_id ON idea_notes (tenant_id)
CREATE INDEX ix_idea_statuses_tenant_id ON idea_statuses (tenant_id)
CREATE INDEX ix_idea_votes_idea_id ON idea_votes (idea_id)
CREATE INDEX ix_idea_votes_partner_id ON idea_votes (partner_id)
CREATE INDEX ix_idea_votes_tenant_id ON idea_votes (tenant_id)
CREATE INDEX ix_idea_votes_user_id ON idea_votes (user_id)
CREATE INDEX ix_ideas_author_id ON ideas (author_id)
CREATE INDEX ix_ideas_merged_into_id ON ideas (merged_into_id)
CREATE INDEX ix_ideas_partner_id ON ideas (partner_id)
CREATE INDEX ix_ideas_program_element_id ON ideas (program_element_id)
CREATE INDEX ix_ideas_source_feedback_id ON ideas (source_feedback_id)
CREATE INDEX ix_ideas_status_id ON ideas (status_id)
CREATE INDEX ix_ideas_tenant_id ON ideas (tenant_id)
CREATE INDEX ix_import_batches_created_by_id ON import_batches (created_by_id)
CREATE INDEX ix_import_batches_tenant_id ON import_batches (tenant_id)
CREATE INDEX ix_import_row_errors_batch_id ON import_row_errors (batch_id)
CREATE INDEX ix_import_row_errors_tenant_id ON import_row_errors (tenant_id)
CREATE INDEX ix_internal_notes_feedback_item_id ON internal_notes (feedback_item_id)
CREATE INDEX ix_internal_notes_tenant_id ON internal_notes (tenant_id)
CREATE INDEX ix_invitations_email ON invitations (email)
CREATE INDEX ix_invitations_partner_id ON invitations (partner_id)
CREATE INDEX ix_invitations_tenant_id ON invitations (tenant_id)
CREATE INDEX ix_loop_replies_feedback_item_id ON loop_replies (feedback_item_id)
CREATE INDEX ix_loop_replies_follow_up_id ON loop_replies (follow_up_id)
CREATE INDEX ix_loop_replies_idea_id ON loop_replies (idea_id)
CREATE INDEX ix_loop_replies_partner_id ON loop_replies (partner_id)
CREATE INDEX ix_loop_replies_tenant_id ON loop_replies (tenant_id)
CREATE INDEX ix_memberships_partner_id ON memberships (partner_id)
CREATE INDEX ix_memberships_tenant_id ON memberships (tenant_id)
CREATE INDEX ix_memberships_user_id ON memberships (user_id)
CREATE INDEX ix_outbox_messages_due ON outbox_messages (status, next_attempt_at)
CREATE INDEX ix_outbox_messages_tenant_id ON outbox_messages (tenant_id)
CREATE INDEX ix_partner_tiers_tenant_id ON partner_tiers (tenant_id)
CREATE INDEX ix_partners_manager_id ON partners (manager_id)
CREATE INDEX ix_partners_tenant_id ON partners (tenant_id)
CREATE INDEX ix_partners_tier_id ON partners (tier_id)
CREATE INDEX ix_password_reset_tokens_user_id ON password_reset_tokens (user_id)
CREATE INDEX ix_program_action_feedback_action_id ON program_action_feedback (action_id)
CREATE INDEX ix_program_action_feedback_feedback_item_id ON program_action_feedback (feedback_item_id)
CREATE INDEX ix_program_action_feedback_tenant_id ON program_action_feedback (tenant_id)
CREATE INDEX ix_program_action_partners_action_id ON program_action_partners (action_id)
CREATE INDEX ix_program_action_partners_partner_id ON program_action_partners (partner_id)
CREATE INDEX ix_program_action_partners_tenant_id ON program_action_partners (tenant_id)
CREATE INDEX ix_program_actions_effective_on ON program_actions (effective_on)
CREATE INDEX ix_program_actions_program_element_id ON program_actions (program_element_id)
CREATE INDEX ix_program_actions_tenant_id ON program_actions (tenant_id)
CREATE INDEX ix_program_elements_tenant_id ON program_elements (tenant_id)
CREATE INDEX ix_suppressed_addresses_tenant_id ON suppressed_addresses (tenant_id)
CREATE INDEX ix_survey_answers_partner_id ON survey_answers (partner_id)
CREATE INDEX ix_survey_answers_question_id ON survey_answers (question_id)
CREATE INDEX ix_survey_answers_response_id ON survey_answers (response_id)
CREATE INDEX ix_survey_answers_tenant_id ON survey_answers (tenant_id)
CREATE INDEX ix_survey_campaigns_partner_id ON survey_campaigns (partner_id)
CREATE INDEX ix_survey_campaigns_survey_id ON survey_campaigns (survey_id)
CREATE INDEX ix_survey_campaigns_tenant_id ON survey_campaigns (tenant_id)
CREATE INDEX ix_survey_questions_survey_id ON survey_questions (survey_id)
CREATE INDEX ix_survey_questions_tenant_id ON survey_questions (tenant_id)
CREATE INDEX ix_survey_recipients_campaign_id ON survey_recipients (campaign_id)
CREATE INDEX ix_survey_recipients_contact_id ON survey_recipients (contact_id)
CREATE INDEX ix_survey_recipients_partner_id ON survey_recipients (partner_id)
CREATE INDEX ix_survey_recipients_tenant_email_sent ON survey_recipients (tenant_id, email, sent_at)
CREATE INDEX ix_survey_recipients_tenant_id ON survey_recipients (tenant_id)
CREATE INDEX ix_survey_recipients_user_id ON survey_recipients (user_id)
CREATE INDEX ix_survey_responses_campaign_id ON survey_responses (campaign_id)
CREATE INDEX ix_survey_responses_feedback_item_id ON survey_responses (feedback_item_id)
CREATE INDEX ix_survey_responses_partner_id ON survey_responses (partner_id)
CREATE INDEX ix_survey_responses_tenant_id ON survey_responses (tenant_id)
CREATE INDEX ix_surveys_tenant_id ON surveys (tenant_id)
CREATE INDEX ix_tenant_settings_tenant_id ON tenant_settings (tenant_id)
CREATE INDEX ix_theme_daily_rollups_tenant_id ON theme_daily_rollups (tenant_id)
CREATE INDEX ix_themes_tenant_id ON themes (tenant_id)
CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at)
CREATE INDEX ix_webhook_deliveries_endpoint_id ON webhook_deliveries (endpoint_id)
CREATE INDEX ix_webhook_deliveries_tenant_id ON webhook_deliveries (tenant_id)
CREATE INDEX ix_webhook_endpoints_tenant_id ON webhook_endpoints (tenant_id)
CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
)
CREATE TABLE api_idempotency_keys (
	id INTEGER NOT NULL, 
	"key" VARCHAR(255) NOT NULL, 
	request_fingerprint VARCHAR(64) NOT NULL, 
	response_status INTEGER NOT NULL, 
	response_body TEXT NOT NULL, 
	created_at DATETIME NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	CONSTRAINT pk_api_idempotency_keys PRIMARY KEY (id), 
	CONSTRAINT fk_api_idempotency_keys_tenant_id_tenants FOREIGN KEY(tenant_id) REFERENCES tenants (id) ON DELETE CASCADE, 
	CONSTRAINT uq_api_idempotency_keys_tenant_id_key UNIQUE (tenant_id, "key")
)
CREATE TABLE api_tokens (
	id INTEGER NOT NULL, 
	name VARCHAR(80) NOT NULL, 
	token_hash VARCHAR(64) NOT NULL, 
	hint VARCHAR(8) NOT NULL, 
	scopes VARCHAR(60) NOT NULL, 
	created_by_id INTEGER, 
	created_at DATETIME NOT NULL, 
	last_used_at DATETIME, 
	revoked_at DATETIME, 
	tenant_id INTEGER NOT NULL, 
	CONSTRAINT pk_api_tokens PRIMARY KEY (id), 
	CONSTRAINT fk_api_tokens_created_by_id_users FOREIGN KEY(created_by_id) REFERENCES users (id) ON DELETE SET NULL, 
	CONSTRAINT fk_api_tokens_tenant_id_tenants FOREIGN KEY(tenant_id) REFERENCES tenants (id) ON DELETE CASCADE, 
	CONSTRAINT uq_api_tokens_token_hash UNIQUE (token_hash)
)
CREATE TABLE audit_entries (
	id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	actor_id INTEGER, 
	actor_label VARCHAR(254) NOT NULL, 
	object_type VARCHAR(40) NOT NULL, 
	object_id INTEGER NOT NULL, 
	object_label VARCHAR(200) NOT NULL, 
	action VARCHAR(32) NOT NULL, 
	changes JSON NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	CONSTRAINT pk_audit_entries PRIMARY KEY (id), 
	CONSTRAINT fk_audit_entries_actor_id_users FOREIGN KEY(actor_id) REFERENCES users (id) ON DELETE SET NULL, 
	CONSTRAINT fk_audit_entries_tenant_id_tenants FOREIGN KEY(tenant_id) REFERENCES tenants (id) ON DELETE CASCADE
)
CREATE TABLE automation_rules (
	id INTEGER NOT NULL, 
	name VARCHAR(120) NOT NULL, 
	active BOOLEAN NOT NULL, 
	source VARCHAR(32), 
	channel VARCHAR(32), 
	nps_detractor BOOLEAN NOT NULL, 
	nps_promoter BOOLEAN NOT NULL, 
	csat_at_most INTEGER, 
	negative_sentiment BOOLEAN NOT NULL, 
	action_needed BOOLEAN NOT NULL, 
	category_id INTEGER, 
	tier_id INTEGER, 
	region VARCHAR(60) NOT NULL, 
	assign_to VARCHAR(32) NOT NULL, 
	owner_id INTEGER, 
	due_in_days INTEGER NOT NULL, 
	priority VARCHAR(32) NOT NULL, 
	created_by_id INTEGER, 
	created_at DATETIME NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	CONSTRAINT pk_automation_rules PRIMARY KEY (id), 
	CONSTRAINT fk_automation_rules_category_id_feedback_categories FOREIGN KEY(category_id) REFERENCES feedback_categories (id) ON DELETE CASCADE, 
	CONSTRAINT fk_automation_rules_created_by_id_users FOREIGN KEY(created_by_id) REFERENCES users (id) ON DELETE SET NULL, 
	CONSTRAINT fk_automation_rules_owner_id_users FOREIGN KEY(owner_id) REFERENCES users (id) ON DELETE SET NULL, 
	CONSTRAINT fk_automation_rules_tenant_id_tenants FOREIGN KEY(tenant_id) REFERENCES tenants (id) ON DELETE CASCADE, 
	CONSTRAINT fk_automation_rules_tier_id_partner_tiers FOREIGN KEY(tier_id) REFERENCES partner_tiers (id) ON DELETE CASCADE
)
CREATE TABLE customer_contacts (
	id INTEGER NOT NULL, 
	email VARCHAR(254) NOT NULL, 
	name VARCHAR(120) NOT NULL, 
	company VARCHAR(120) NOT NULL, 
	created_at DATETIME NOT NULL, 
	partner_id INTEGER, 
	tenant_id INTEGER NOT NULL, 
	CONSTRAINT pk_customer_contacts PRIMARY KEY (id), 
	CONSTRAINT fk_customer_contacts_partner_id_partners FOREIGN KEY(partner_id) REFERENCES partners (id) ON DELETE CASCADE, 
	CONSTRAINT fk_customer_contacts_tenant_id_tenants FOREIGN KEY(tenant_id) REFERENCES tenants (id) ON DELETE CASCADE, 
	CONSTRAINT uq_customer_contacts_tenant_id_partner_id_email UNIQUE (tenant_id, partner_id, email)
)
CREATE TABLE feedback_categories (
	id INTEGER NOT NULL, 
	name VARCHAR(80) NOT NULL, 
	position INTEGER NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	CONSTRAINT pk_feedback_categories PRIMARY KEY (id), 
	CONSTRAINT fk_feedback_categories_tenant_id_tenants FOREIGN KEY(tenant_id) REFERENCES tenants (id) ON DELETE CASCADE, 
	CONSTRAINT uq_feedback_categories_tenant_id_name UNIQUE (tenant_id, name)
)
CREATE TABLE feedback_daily_rollups (
	id INTEGER NOT NULL, 
	day DATE NOT NULL, 
	partner_id INTEGER DEFAULT 0 NOT NULL, 
	source VARCHAR(32) NOT NULL, 
	channel VARCHAR(32) NOT NULL, 
	program_element_id INTEGER DEFAULT 0 NOT NULL, 
	anonymous BOOLEAN NOT NULL, 
	items INTEGER DEFAULT 0 NOT NULL, 
	nps_count INTEGER DEFAULT 0 NOT NULL, 
	promoters INTEGER DEFAULT 0 NOT NULL, 
	detractors INTEGER DEFAULT 0 NOT NULL, 
	csat_count INTEGER DEFAULT 0 NOT NULL, 
	csat_sum INTEGER DEFAULT 0 NOT NULL, 
	rating_count INTEGER DEFAULT 0 NOT NULL, 
	rating_sum INTEGER DEFAULT 0 NOT NULL, 
	sentiment_count INTEGER DEFAULT 0 NOT NULL, 
	sentiment_sum FLOAT DEFAULT 0 NOT NULL, 
	positive INTEGER DEFAULT 0 NOT NULL, 
	neutral INTEGER DEFAULT 0 NOT NULL, 
	negative INTEGER DEFAULT 0 NOT NULL, 
	loop_count INTEGER DEFAULT 0 NOT NULL, 
	action_needed INTEGER DEFAULT 0 NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	CONSTRAINT pk_feedback_daily_rollups PRIMARY KEY (id), 
	CONSTRAINT fk_feedback_daily_rollups_tenant_id_tenants FOREIGN KEY(tenant_id) REFERENCES tenants (id) ON DELETE CASCADE, 
	CONSTRAINT uq_feedback_daily_rollups_key UNIQUE (tenant_id, day, partner_id, source, channel, program_element_id, anonymous)
)
CREATE TABLE feedback_items (
	id INTEGER NOT NULL, 
	source VARCHAR(32) NOT NULL, 
	channel VARCHAR(32) NOT NULL, 
	status VARCHAR(32) NOT NULL, 
	author_id INTEGER, 
	contact_id INTEGER, 
	submitter_name VARCHAR(120) NOT NULL, 
	submitter_email VARCHAR(254) NOT NULL, 
	program_element_id INTEGER, 
	category_id INTEGER, 
	nps INTEGER, 
	csat INTEGER, 
	rating INTEGER, 
	text TEXT NOT NULL, 
	link_url VARCHAR(2000) NOT NULL, 
	language VARCHAR(16) NOT NULL, 
	anonymous BOOLEAN NOT NULL, 
	given_at DATETIME NOT NULL, 
	recorded_at DATETIME NOT NULL, 
	external_id VARCHAR(200), 
	dedupe_key VARCHAR(250), 
	sentiment_score FLOAT, 
	sentiment_label VARCHAR(32), 
	loop_response VARCHAR(32), 
	loop_response_override VARCHAR(32), 
	partner_id INTEGER, 
	tenant_id INTEGER NOT NULL, 
	CONSTRAINT pk_feedback_items PRIMARY KEY (id), 
	CONSTRAINT ck_feedback_items_csat_range CHECK (csat IS NULL OR (csat >= 1 AND csat <= 5)), 
	CONSTRAINT ck_feedback_items_nps_range CHECK (nps IS NULL OR (nps >= 0 AND nps <= 10)), 
	CONSTRAINT ck_feedback_items_rating_range CHECK (rating IS NULL OR (rating >= 1 AND rating <= 5)), 
	CONSTRAINT fk_feedback_items_author_id_users FOREIGN KEY(author_id) REFERENCES users (id) ON DELETE SET NULL, 
	CONSTRAINT fk_feedback_items_category_id_feedback_categories FOREIGN KEY(category_id) REFERENCES feedback_categories (id) ON DELETE SET NULL, 
	CONSTRAINT fk_feedback_items_contact_id_customer_contacts FOREIGN KEY(contact_id) REFERENCES customer_contacts (id) ON DELETE SET NULL, 
	CONSTRAINT fk_feedback_items_partner_id_partners FOREIGN KEY(partner_id) REFERENCES partners (id) ON DELETE CASCADE, 
	CONSTRAINT fk_feedback_items_program_element_id_program_elements FOREIGN KEY(program_element_id) REFERENCES program_elements (id) ON DELETE SET NULL, 
	CONSTRAINT fk_feedback_items_tenant_id_tenants FOREIGN KEY(tenant_id) REFERENCES tenants (id) ON DELETE CASCADE, 
	CONSTRAINT uq_feedback_items_tenant_id_dedupe_key UNIQUE (tenant_id, dedupe_key)
)
CREATE TABLE feedback_program_rollups (
	id INTEGER NOT NULL, 
	day DATE NOT NULL, 
	source VARCHAR(32) NOT NULL, 
	channel VARCHAR(32) NOT NULL, 
	program_element_id INTEGER DEFAULT 0 NOT NULL, 
	anonymous BOOLEAN NOT NULL, 
	items INTEGER DEFAULT 0 NOT NULL, 
	nps_count INTEGER DEFAULT 0 NOT NULL, 
	promoters INTEGER DEFAULT 0 NOT NULL, 
	detractors INTEGER DEFAULT 0 NOT NULL, 
	csat_count INTEGER DEFAULT 0 NOT NULL, 
	csat_sum INTEGER DEFAULT 0 NOT NULL, 
	rating_count INTEGER DEFAULT 0 NOT NULL, 
	rating_sum INTEGER DEFAULT 0 NOT NULL, 
	sentiment_count INTEGER DEFAULT 0 NOT NULL, 
	sentiment_sum FLOAT DEFAULT 0 NOT NULL, 
	positive INTEGER DEFAULT 0 NOT NULL, 
	neutral INTEGER DEFAULT 0 NOT NULL, 
	negative INTEGER DEFAULT 0 NOT NULL, 
	loop_count INTEGER DEFAULT 0 NOT NULL, 
	action_needed INTEGER DEFAULT 0 NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	CONSTRAINT pk_feedback_program_rollups PRIMARY KEY (id), 
	CONSTRAINT fk_feedback_program_rollups_tenant_id_tenants FOREIGN KEY(tenant_id) REFERENCES tenants (id) ON DELETE CASCADE, 
	CONSTRAINT uq_feedback_program_rollups_key UNIQUE (tenant_id, day, source, channel, program_element_id, anonymous)
)
CREATE TABLE feedback_themes (
	id INTEGER NOT NULL, 
	feedback_item_id INTEGER NOT NULL, 
	theme_id INTEGER NOT NULL, 
	source VARCHAR(32) NOT NULL, 
	suppressed BOOLEAN NOT NULL, 
	created_at DATETIME NOT NULL, 
	given_at DATETIME NOT NULL, 
	negative BOOLEAN NOT NULL, 
	anonymous BOOLEAN NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	CONSTRAINT pk_feedback_themes PRIMARY KEY (id), 
	CONSTRAINT fk_feedback_themes_feedback_item_id_feedback_items FOREIGN KEY(feedback_item_id) REFERENCES feedback_items (id) ON DELETE CASCADE, 
	CONSTRAINT fk_feedback_themes_tenant_id_tenants FOREIGN KEY(tenant_id) REFERENCES tenants (id) ON DELETE CASCADE, 
	CONSTRAINT fk_feedback_themes_theme_id_themes FOREIGN KEY(theme_id) REFERENCES themes (id) ON DELETE CASCADE, 
	CONSTRAINT uq_feedback_themes_feedback_item_id_theme_id UNIQUE (feedback_item_id, theme_id)
)
CREATE TABLE feedback_weekly_partner_rollups (
	id INTEGER NOT NULL, 
	week DATE NOT NULL, 
	partner_id INTEGER DEFAULT 0 NOT NULL, 
	source VARCHAR(32) NOT NULL, 
	items INTEGER DEFAULT 0 NOT NULL, 
	nps_count INTEGER DEFAULT 0 NOT NULL, 
	promoters INTEGER DEFAULT 0 NOT NULL, 
	detractors INTEGER DEFAULT 0 NOT NULL, 
	csat_count INTEGER DEFAULT 0 NOT NULL, 
	csat_sum INTEGER DEFAULT 0 NOT NULL, 
	rating_count INTEGER DEFAULT 0 NOT NULL, 
	rating_sum INTEGER DEFAULT 0 NOT NULL, 
	sentiment_count INTEGER DEFAULT 0 NOT NULL, 
	sentiment_sum FLOAT DEFAULT 0 NOT NULL, 
	positive INTEGER DEFAULT 0 NOT NULL, 
	neutral INTEGER DEFAULT 0 NOT NULL, 
	negative INTEGER DEFAULT 0 NOT NULL, 
	loop_count INTEGER DEFAULT 0 NOT NULL, 
	action_needed INTEGER DEFAULT 0 NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	CONSTRAINT pk_feedback_weekly_partner_rollups PRIMARY KEY (id), 
	CONSTRAINT fk_feedback_weekly_partner_rollups_tenant_id_tenants FOREIGN KEY(tenant_id) REFERENCES tenants (id) ON DELETE CASCADE, 
	CONSTRAINT uq_feedback_weekly_partner_rollups_key UNIQUE (tenant_id, week, partner_id, source)
)
CREATE TABLE follow_up_activities (
	id INTEGER NOT NULL, 
	follow_up_id INTEGER NOT NULL, 
	kind VARCHAR(32) NOT NULL, 
	actor_id INTEGER, 
	body TEXT NOT NULL, 
	from_status VARCHAR(32), 
	to_status VARCHAR(32), 
	internal BOOLEAN NOT NULL, 
	created_at DATETIME NOT NULL, 
	partner_id INTEGER, 
	tenant_id INTEGER NOT NULL, 
	CONSTRAINT pk_follow_up_activities PRIMARY KEY (id), 
	CONSTRAINT fk_follow_up_activities_actor_id_users FOREIGN KEY(actor_id) REFERENCES users (id) ON DELETE SET NULL, 
	CONSTRAINT fk_follow_up_activities_follow_up_id_follow_ups FOREIGN KEY(follow_up_id) REFERENCES follow_ups (id) ON DELETE CASCADE, 
	CONSTRAINT fk_follow_up_activities_partner_id_partners FOREIGN KEY(partner_id) REFERENCES partners (id) ON DELETE CASCADE, 
	CONSTRAINT fk_follow_up_activities_tenant_id_tenants FOREIGN KEY(tenant_id) REFERENCES tenants (id) ON DELETE CASCADE
)
CREATE TABLE follow_up_policies (
	id INTEGER NOT NULL, 
	escalation_user_id INTEGER, 
	first_response_days INTEGER NOT NULL, 
	resolution_days INTEGER NOT NULL, 
	confirmation_days INTEGER NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	CONSTRAINT pk_follow_up_policies PRIMARY KEY (id), 
	CONSTRAINT fk_follow_up_policies_escalation_user_id_users FOREIGN KEY(escalation_user_id) REFERENCES users (id) ON DELETE SET NULL, 
	CONSTRAINT fk_follow_up_policies_tenant_id_tenants FOREIGN KEY(tenant_id) REFERENCES tenants (id) ON DELETE CASCADE, 
	CONSTRAINT uq_follow_up_policies_tenant_id UNIQUE (tenant_id)
)
CREATE TABLE follow_ups (
	id INTEGER NOT NULL, 
	feedback_item_id INTEGER, 
	idea_id INTEGER, 
	about_partner_id INTEGER, 
	title VARCHAR(200) NOT NULL, 
	owner_id INTEGER, 
	created_by_id INTEGER, 
	rule_id INTEGER, 
	request_key VARCHAR(64), 
	priority VARCHAR(32) NOT NULL, 
	status VARCHAR(32) NOT NULL, 
	due_on DATE NOT NULL, 
	created_at DATETIME NOT NULL, 
	status_changed_at DATETIME NOT NULL, 
	first_response_at DATETIME, 
	resolved_at DATETIME, 
	escalated_at DATETIME, 
	loop_closed_at DATETIME, 
	partner_id INTEGER, 
	tenant_id INTEGER NOT NULL, 
	CONSTRAINT pk_follow_ups PRIMARY KEY (id), 
	CONSTRAINT ck_follow_ups_one_subject CHECK ((feedback_item_id IS NULL) <> (idea_id IS NULL)), 
	CONSTRAINT fk_follow_ups_about_partner_id_partners FOREIGN KEY(about_partner_id) REFERENCES partners (id) ON DELETE SET NULL, 
	CONSTRAINT fk_follow_ups_created_by_id_users FOREIGN KEY(created_by_id) REFERENCES users (id) ON DELETE SET NULL, 
	CONSTRAINT fk_follow_ups_feedback_item_id_feedback_items FOREIGN KEY(feedback_item_id) REFERENCES feedback_items (id) ON DELETE CASCADE, 
	CONSTRAINT fk_follow_ups_idea_id_ideas FOREIGN KEY(idea_id) REFERENCES ideas (id) ON DELETE CASCADE, 
	CONSTRAINT fk_follow_ups_owner_id_users FOREIGN KEY(owner_id) REFERENCES users (id) ON DELETE SET NULL, 
	CONSTRAINT fk_follow_ups_partner_id_partners FOREIGN KEY(partner_id) REFERENCES partners (id) ON DELETE CASCADE, 
	CONSTRAINT fk_follow_ups_rule_id_automation_rules FOREIGN KEY(rule_id) REFERENCES automation_rules (id) ON DELETE SET NULL, 
	CONSTRAINT fk_follow_ups_tenant_id_tenants FOREIGN KEY(tenant_id) REFERENCES tenants (id) ON DELETE CASCADE, 
	CONSTRAINT uq_follow_ups_rule_id_feedback_item_id UNIQUE (rule_id, feedback_item_id), 
	CONSTRAINT uq_follow_ups_tenant_id_request_key UNIQUE (tenant_id, request_key)
)
CREATE TABLE idea_comments (
	id INTEGER NOT NULL, 
	idea_id INTEGER NOT NULL, 
	author_id INTEGER, 
	partner_id INTEGER, 
	body TEXT NOT NULL, 
	created_at DATETIME NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	CONSTRAINT pk_idea_comments PRIMARY KEY (id), 
	CONSTRAINT fk_idea_comments_author_id_users FOREIGN KEY(author_id) REFERENCES users (id) ON DELETE SET NULL, 
	CONSTRAINT fk_idea_comments_idea_id_ideas FOREIGN KEY(idea_id) REFERENCES ideas (id) ON DELETE CASCADE, 
	CONSTRAINT fk_idea_comments_partner_id_partners FOREIGN KEY(partner_id) REFERENCES partners (id) ON DELETE SET NULL, 
	CONSTRAINT fk_idea_comments_tenant_id_tenants FOREIGN KEY(tenant_id) REFERENCES tenants (id) ON DELETE CASCADE
)
CREATE TABLE idea_feedback_links (
	id INTEGER NOT NULL, 
	idea_id INTEGER NOT NULL, 
	feedback_item_id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	CONSTRAINT pk_idea_feedback_links PRIMARY KEY (id), 
	CONSTRAINT fk_idea_feedback_links_feedback_item_id_feedback_items FOREIGN KEY(feedback_item_id) REFERENCES feedback_items (id) ON DELETE CASCADE, 
	CONSTRAINT fk_idea_feedback_links_idea_id_ideas FOREIGN KEY(idea_id) REFERENCES ideas (id) ON DELETE CASCADE, 
	CONSTRAINT fk_idea_feedback_links_tenant_id_tenants FOREIGN KEY(tenant_id) REFERENCES tenants (id) ON DELETE CASCADE, 
	CONSTRAINT uq_idea_feedback_links_idea_id_feedback_item_id UNIQUE (idea_id, feedback_item_id)
)
CREATE TABLE idea_notes (
	id INTEGER NOT NULL, 
	idea_id INTEGER NOT NULL, 
	author_id INTEGER, 
	body TEXT NOT NULL, 
	created_at DATETIME NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	CONSTRAINT pk_idea_notes PRIMARY KEY (id), 
	CONSTRAINT fk_idea_notes_author_id_users FOREIGN KEY(author_id) REFERENCES users (id) ON DELETE SET NULL, 
	CONSTRAINT fk_idea_notes_idea_id_ideas FOREIGN KEY(idea_id) REFERENCES ideas (id) ON DELETE CASCADE, 
	CONSTRAINT fk_idea_notes_tenant_id_tenants FOREIGN KEY(tenant_id) REFERENCES tenants (id) ON DELETE CASCADE
)
CREATE TABLE idea_statuses (
	id INTEGER NOT NULL, 
	name VARCHAR(60) NOT NULL, 
	position INTEGER NOT NULL, 
	on_roadmap BOOLEAN NOT NULL, 
	is_closed BOOLEAN NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	CONSTRAINT pk_idea_statuses PRIMARY KEY (id), 
	CONSTRAINT fk_idea_statuses_tenant_id_tenants FOREIGN KEY(tenant_id) REFERENCES tenants (id) ON DELETE CASCADE, 
	CONSTRAINT uq_idea_statuses_tenant_id_name UNIQUE (tenant_id, name)
)
CREATE TABLE idea_votes (
	id INTEGER NOT NULL, 
	idea_id INTEGER NOT NULL, 
	voter_key VARCHAR(40) NOT NULL, 
	user_id INTEGER, 
	partner_id INTEGER, 
	recorded_by_id INTEGER, 
	created_at DATETIME NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	CONSTRAINT pk_idea_votes PRIMARY KEY (id), 
	CONSTRAINT fk_idea_votes_idea_id_ideas FOREIGN KEY(idea_id) REFERENCES ideas (id) ON DELETE CASCADE, 
	CONSTRAINT fk_idea_votes_partner_id_partners FOREIGN KEY(partner_id) REFERENCES partners (id) ON DELETE CASCADE, 
	CONSTRAINT fk_idea_votes_recorded_by_id_users FOREIGN KEY(recorded_by_id) REFERENCES users (id) ON DELETE SET NULL, 
	CONSTRAINT fk_idea_votes_tenant_id_tenants FOREIGN KEY(tenant_id) REFERENCES tenants (id) ON DELETE CASCADE, 
	CONSTRAINT fk_idea_votes_user_id_users FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE, 
	CONSTRAINT uq_idea_votes_idea_id_voter_key UNIQUE (idea_id, voter_key)
)
CREATE TABLE ideas (
	id INTEGER NOT NULL, 
	title VARCHAR(200) NOT NULL, 
	description TEXT NOT NULL, 
	program_element_id INTEGER, 
	status_id INTEGER NOT NULL, 
	author_id INTEGER, 
	partner_id INTEGER, 
	source_feedback_id INTEGER, 
	merged_into_id INTEGER, 
	created_at DATETIME NOT NULL, 
	status_changed_at DATETIME NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	CONSTRAINT pk_ideas PRIMARY KEY (id), 
	CONSTRAINT fk_ideas_author_id_users FOREIGN KEY(author_id) REFERENCES users (id) ON DELETE SET NULL, 
	CONSTRAINT fk_ideas_merged_into_id_ideas FOREIGN KEY(merged_into_id) REFERENCES ideas (id) ON DELETE SET NULL, 
	CONSTRAINT fk_ideas_partner_id_partners FOREIGN KEY(partner_id) REFERENCES partners (id) ON DELETE SET NULL, 
	CONSTRAINT fk_ideas_program_element_id_program_elements FOREIGN KEY(program_element_id) REFERENCES program_elements (id) ON DELETE SET NULL, 
	CONSTRAINT fk_ideas_source_feedback_id_feedback_items FOREIGN KEY(source_feedback_id) REFERENCES feedback_items (id) ON DELETE SET NULL, 
	CONSTRAINT fk_ideas_status_id_idea_statuses FOREIGN KEY(status_id) REFERENCES idea_statuses (id), 
	CONSTRAINT fk_ideas_tenant_id_tenants FOREIGN KEY(tenant_id) REFERENCES tenants (id) ON DELETE CASCADE
)
CREATE TABLE import_batches (
	id INTEGER NOT NULL, 
	filename VARCHAR(255) NOT NULL, 
	content BLOB NOT NULL, 
	size_bytes INTEGER NOT NULL, 
	encoding VARCHAR(32) NOT NULL, 
	delimiter VARCHAR(1) NOT NULL, 
	columns JSON NOT NULL, 
	mapping JSON NOT NULL, 
	default_source VARCHAR(32) NOT NULL, 
	date_format VARCHAR(32) NOT NULL, 
	all_or_nothing BOOLEAN NOT NULL, 
	status VARCHAR(32) NOT NULL, 
	imported_count INTEGER NOT NULL, 
	duplicate_count INTEGER NOT NULL, 
	rejected_count INTEGER NOT NULL, 
	failure TEXT NOT NULL, 
	created_by_id INTEGER, 
	created_at DATETIME NOT NULL, 
	finished_at DATETIME, 
	tenant_id INTEGER NOT NULL, 
	CONSTRAINT pk_import_batches PRIMARY KEY (id), 
	CONSTRAINT fk_import_batches_created_by_id_users FOREIGN KEY(created_by_id) REFERENCES users (id) ON DELETE SET NULL, 
	CONSTRAINT fk_import_batches_tenant_id_tenants FOREIGN KEY(tenant_id) REFERENCES tenants (id) ON DELETE CASCADE
)
CREATE TABLE import_row_errors (
	id INTEGER NOT NULL, 
	batch_id INTEGER NOT NULL, 
	line INTEGER NOT NULL, 
	field VARCHAR(40) NOT NULL, 
	value VARCHAR(200) NOT NULL, 
	message VARCHAR(300) NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	CONSTRAINT pk_import_row_errors PRIMARY KEY (id), 
	CONSTRAINT fk_import_row_errors_batch_id_import_batches FOREIGN KEY(batch_id) REFERENCES import_batches (id) ON DELETE CASCADE, 
	CONSTRAINT fk_import_row_errors_tenant_id_tenants FOREIGN KEY(tenant_id) REFERENCES tenants (id) ON DELETE CASCADE
)
CREATE TABLE internal_notes (
	id INTEGER NOT NULL, 
	feedback_item_id INTEGER NOT NULL, 
	author_id INTEGER, 
	body TEXT NOT NULL, 
	created_at DATETIME NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	CONSTRAINT pk_internal_notes PRIMARY KEY (id), 
	CONSTRAINT fk_internal_notes_author_id_users FOREIGN KEY(author_id) REFERENCES users (id) ON DELETE SET NULL, 
	CONSTRAINT fk_internal_notes_feedback_item_id_feedback_items FOREIGN KEY(feedback_item_id) REFERENCES feedback_items (id) ON DELETE CASCADE, 
	CONSTRAINT fk_internal_notes_tenant_id_tenants FOREIGN KEY(tenant_id) REFERENCES tenants (id) ON DELETE CASCADE
)
CREATE TABLE invitations (
	id INTEGER NOT NULL, 
	email VARCHAR(254) NOT NULL, 
	role VARCHAR(32) NOT NULL, 
	token_hash VARCHAR(64) NOT NULL, 
	expires_at DATETIME NOT NULL, 
	invited_by_id INTEGER, 
	accepted_at DATETIME, 
	revoked_at DATETIME, 
	sent_count INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	partner_id INTEGER, 
	tenant_id INTEGER NOT NULL, 
	CONSTRAINT pk_invitations PRIMARY KEY (id), 
	CONSTRAINT fk_invitations_invited_by_id_users FOREIGN KEY(invited_by_id) REFERENCES users (id) ON DELETE SET NULL, 
	CONSTRAINT fk_invitations_partner_id_partners FOREIGN KEY(partner_id) REFERENCES partners (id) ON DELETE CASCADE, 
	CONSTRAINT fk_invitations_tenant_id_tenants FOREIGN KEY(tenant_id) REFERENCES tenants (id) ON DELETE CASCADE, 
	CONSTRAINT uq_invitations_token_hash UNIQUE (token_hash)
)
CREATE TABLE loop_replies (
	id INTEGER NOT NULL, 
	follow_up_id INTEGER NOT NULL, 
	feedback_item_id INTEGER, 
	idea_id INTEGER, 
	author_id INTEGER, 
	to_address VARCHAR(254) NOT NULL, 
	body TEXT NOT NULL, 
	token_hash VARCHAR(64) NOT NULL, 
	state VARCHAR(32) NOT NULL, 
	sent_at DATETIME NOT NULL, 
	closes_at DATETIME NOT NULL, 
	answered_at DATETIME, 
	answer_comment TEXT NOT NULL, 
	partner_id INTEGER, 
	tenant_id INTEGER NOT NULL, 
	CONSTRAINT pk_loop_replies PRIMARY KEY (id), 
	CONSTRAINT fk_loop_replies_author_id_users FOREIGN KEY(author_id) REFERENCES users (id) ON DELETE SET NULL, 
	CONSTRAINT fk_loop_replies_feedback_item_id_feedback_items FOREIGN KEY(feedback_item_id) REFERENCES feedback_items (id) ON DELETE CASCADE, 
	CONSTRAINT fk_loop_replies_follow_up_id_follow_ups FOREIGN KEY(follow_up_id) REFERENCES follow_ups (id) ON DELETE CASCADE, 
	CONSTRAINT fk_loop_replies_idea_id_ideas FOREIGN KEY(idea_id) REFERENCES ideas (id) ON DELETE CASCADE, 
	CONSTRAINT fk_loop_replies_partner_id_partners FOREIGN KEY(partner_id) REFERENCES partners (id) ON DELETE CASCADE, 
	CONSTRAINT fk_loop_replies_tenant_id_tenants FOREIGN KEY(tenant_id) REFERENCES tenants (id) ON DELETE CASCADE, 
	CONSTRAINT uq_loop_replies_token_hash UNIQUE (token_hash)
)
CREATE TABLE memberships (
	id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	role VARCHAR(32) NOT NULL, 
	created_at DATETIME NOT NULL, 
	partner_id INTEGER, 
	tenant_id INTEGER NOT NULL, 
	CONSTRAINT pk_memberships PRIMARY KEY (id), 
	CONSTRAINT fk_memberships_partner_id_partners FOREIGN KEY(partner_id) REFERENCES partners (id) ON DELETE CASCADE, 
	CONSTRAINT fk_memberships_tenant_id_tenants FOREIGN KEY(tenant_id) REFERENCES tenants (id) ON DELETE CASCADE, 
	CONSTRAINT fk_memberships_user_id_users FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE, 
	CONSTRAINT uq_memberships_tenant_id_user_id UNIQUE (tenant_id, user_id)
)
CREATE TABLE outbox_messages (
	id INTEGER NOT NULL, 
	tenant_id INTEGER, 
	kind VARCHAR(60) NOT NULL, 
	to_address VARCHAR(254) NOT NULL, 
	subject VARCHAR(255) NOT NULL, 
	text_body TEXT NOT NULL, 
	html_body TEXT NOT NULL, 
	status VARCHAR(32) NOT NULL, 
	attempts INTEGER NOT NULL, 
	last_error TEXT, 
	next_attempt_at DATETIME NOT NULL, 
	sent_at DATETIME, 
	created_at DATETIME NOT NULL, 
	CONSTRAINT pk_outbox_messages PRIMARY KEY (id), 
	CONSTRAINT fk_outbox_messages_tenant_id_tenants FOREIGN KEY(tenant_id) REFERENCES tenants (id) ON DELETE CASCADE
)
CREATE TABLE partner_tiers (
	id INTEGER NOT NULL, 
	name VARCHAR(60) NOT NULL, 
	position INTEGER NOT NULL, 
	weight INTEGER NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	CONSTRAINT pk_partner_tiers PRIMARY KEY (id), 
	CONSTRAINT fk_partner_tiers_tenant_id_tenants FOREIGN KEY(tenant_id) REFERENCES tenants (id) ON DELETE CASCADE, 
	CONSTRAINT uq_partner_tiers_tenant_id_name UNIQUE (tenant_id, name)
)
CREATE TABLE partners (
	id INTEGER NOT NULL, 
	name VARCHAR(120) NOT NULL, 
	tier_id INTEGER, 
	region VARCHAR(60) NOT NULL, 
	vertical VARCHAR(60) NOT NULL, 
	status VARCHAR(32) NOT NULL, 
	manager_id INTEGER, 
	created_at DATETIME NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	CONSTRAINT pk_partners PRIMARY KEY (id), 
	CONSTRAINT fk_partners_manager_id_users FOREIGN KEY(manager_id) REFERENCES users (id) ON DELETE SET NULL, 
	CONSTRAINT fk_partners_tenant_id_tenants FOREIGN KEY(tenant_id) REFERENCES tenants (id) ON DELETE CASCADE, 
	CONSTRAINT fk_partners_tier_id_partner_tiers FOREIGN KEY(tier_id) REFERENCES partner_tiers (id) ON DELETE SET NULL, 
	CONSTRAINT uq_partners_tenant_id_name UNIQUE (tenant_id, name)
)
CREATE TABLE password_reset_tokens (
	id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	token_hash VARCHAR(64) NOT NULL, 
	expires_at DATETIME NOT NULL, 
	used_at DATETIME, 
	created_at DATETIME NOT NULL, 
	CONSTRAINT pk_password_reset_tokens PRIMARY KEY (id), 
	CONSTRAINT fk_password_reset_tokens_user_id_users FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE, 
	CONSTRAINT uq_password_reset_tokens_token_hash UNIQUE (token_hash)
)
CREATE TABLE program_action_feedback (
	id INTEGER NOT NULL, 
	action_id INTEGER NOT NULL, 
	feedback_item_id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	CONSTRAINT pk_program_action_feedback PRIMARY KEY (id), 
	CONSTRAINT fk_program_action_feedback_action_id_program_actions FOREIGN KEY(action_id) REFERENCES program_actions (id) ON DELETE CASCADE, 
	CONSTRAINT fk_program_action_feedback_feedback_item_id_feedback_items FOREIGN KEY(feedback_item_id) REFERENCES feedback_items (id) ON DELETE CASCADE, 
	CONSTRAINT fk_program_action_feedback_tenant_id_tenants FOREIGN KEY(tenant_id) REFERENCES tenants (id) ON DELETE CASCADE, 
	CONSTRAINT uq_program_action_feedback_action_id_feedback_item_id UNIQUE (action_id, feedback_item_id)
)
CREATE TABLE program_action_partners (
	id INTEGER NOT NULL, 
	action_id INTEGER NOT NULL, 
	partner_id INTEGER NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	CONSTRAINT pk_program_action_partners PRIMARY KEY (id), 
	CONSTRAINT fk_program_action_partners_action_id_program_actions FOREIGN KEY(action_id) REFERENCES program_actions (id) ON DELETE CASCADE, 
	CONSTRAINT fk_program_action_partners_partner_id_partners FOREIGN KEY(partner_id) REFERENCES partners (id) ON DELETE CASCADE, 
	CONSTRAINT fk_program_action_partners_tenant_id_tenants FOREIGN KEY(tenant_id) REFERENCES tenants (id) ON DELETE CASCADE, 
	CONSTRAINT uq_program_action_partners_action_id_partner_id UNIQUE (action_id, partner_id)
)
CREATE TABLE program_actions (
	id INTEGER NOT NULL, 
	title VARCHAR(200) NOT NULL, 
	description TEXT NOT NULL, 
	effective_on DATE NOT NULL, 
	program_element_id INTEGER, 
	created_by_id INTEGER, 
	created_at DATETIME NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	CONSTRAINT pk_program_actions PRIMARY KEY (id), 
	CONSTRAINT fk_program_actions_created_by_id_users FOREIGN KEY(created_by_id) REFERENCES users (id) ON DELETE SET NULL, 
	CONSTRAINT fk_program_actions_program_element_id_program_elements FOREIGN KEY(program_element_id) REFERENCES program_elements (id) ON DELETE SET NULL, 
	CONSTRAINT fk_program_actions_tenant_id_tenants FOREIGN KEY(tenant_id) REFERENCES tenants (id) ON DELETE CASCADE
)
CREATE TABLE program_elements (
	id INTEGER NOT NULL, 
	name VARCHAR(80) NOT NULL, 
	position INTEGER NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	CONSTRAINT pk_program_elements PRIMARY KEY (id), 
	CONSTRAINT fk_program_elements_tenant_id_tenants FOREIGN KEY(tenant_id) REFERENCES tenants (id) ON DELETE CASCADE, 
	CONSTRAINT uq_program_elements_tenant_id_name UNIQUE (tenant_id, name)
)
CREATE TABLE suppressed_addresses (
	id INTEGER NOT NULL, 
	email VARCHAR(254) NOT NULL, 
	reason VARCHAR(32) NOT NULL, 
	created_at DATETIME NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	CONSTRAINT pk_suppressed_addresses PRIMARY KEY (id), 
	CONSTRAINT fk_suppressed_addresses_tenant_id_tenants FOREIGN KEY(tenant_id) REFERENCES tenants (id) ON DELETE CASCADE, 
	CONSTRAINT uq_suppressed_addresses_tenant_id_email UNIQUE (tenant_id, email)
)
CREATE TABLE survey_answers (
	id INTEGER NOT NULL, 
	response_id INTEGER NOT NULL, 
	question_id INTEGER NOT NULL, 
	number_value INTEGER, 
	text_value TEXT NOT NULL, 
	choice_values JSON NOT NULL, 
	partner_id INTEGER, 
	tenant_id INTEGER NOT NULL, 
	CONSTRAINT pk_survey_answers PRIMARY KEY (id), 
	CONSTRAINT fk_survey_answers_partner_id_partners FOREIGN KEY(partner_id) REFERENCES partners (id) ON DELETE CASCADE, 
	CONSTRAINT fk_survey_answers_question_id_survey_questions FOREIGN KEY(question_id) REFERENCES survey_questions (id) ON DELETE CASCADE, 
	CONSTRAINT fk_survey_answers_response_id_survey_responses FOREIGN KEY(response_id) REFERENCES survey_responses (id) ON DELETE CASCADE, 
	CONSTRAINT fk_survey_answers_tenant_id_tenants FOREIGN KEY(tenant_id) REFERENCES tenants (id) ON DELETE CASCADE, 
	CONSTRAINT uq_survey_answers_response_id_question_id UNIQUE (response_id, question_id)
)
CREATE TABLE survey_campaigns (
	id INTEGER NOT NULL, 
	survey_id INTEGER NOT NULL, 
	kind VARCHAR(32) NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	anonymous BOOLEAN NOT NULL, 
	created_by_id INTEGER, 
	created_at DATETIME NOT NULL, 
	first_sent_at DATETIME, 
	partner_id INTEGER, 
	tenant_id INTEGER NOT NULL, 
	CONSTRAINT pk_survey_campaigns PRIMARY KEY (id), 
	CONSTRAINT fk_survey_campaigns_created_by_id_users FOREIGN KEY(created_by_id) REFERENCES users (id) ON DELETE SET NULL, 
	CONSTRAINT fk_survey_campaigns_partner_id_partners FOREIGN KEY(partner_id) REFERENCES partners (id) ON DELETE CASCADE, 
	CONSTRAINT fk_survey_campaigns_survey_id_surveys FOREIGN KEY(survey_id) REFERENCES surveys (id) ON DELETE CASCADE, 
	CONSTRAINT fk_survey_campaigns_tenant_id_tenants FOREIGN KEY(tenant_id) REFERENCES tenants (id) ON DELETE CASCADE
)
CREATE TABLE survey_questions (
	id INTEGER NOT NULL, 
	survey_id INTEGER NOT NULL, 
	position INTEGER NOT NULL, 
	kind VARCHAR(32) NOT NULL, 
	prompt VARCHAR(500) NOT NULL, 
	required BOOLEAN NOT NULL, 
	choices JSON NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	CONSTRAINT pk_survey_questions PRIMARY KEY (id), 
	CONSTRAINT fk_survey_questions_survey_id_surveys FOREIGN KEY(survey_id) REFERENCES surveys (id) ON DELETE CASCADE, 
	CONSTRAINT fk_survey_questions_tenant_id_tenants FOREIGN KEY(tenant_id) REFERENCES tenants (id) ON DELETE CASCADE
)
CREATE TABLE survey_recipients (
	id INTEGER NOT NULL, 
	campaign_id INTEGER NOT NULL, 
	contact_id INTEGER, 
	user_id INTEGER, 
	email VARCHAR(254) NOT NULL, 
	name VARCHAR(120) NOT NULL, 
	token_hash VARCHAR(64), 
	reminder_token_hash VARCHAR(64), 
	skip_reason VARCHAR(32), 
	outbox_message_id INTEGER, 
	expires_at DATETIME, 
	sent_at DATETIME, 
	opened_at DATETIME, 
	answered_at DATETIME, 
	reminded_at DATETIME, 
	opted_out_at DATETIME, 
	bounced_at DATETIME, 
	created_at DATETIME NOT NULL, 
	partner_id INTEGER, 
	tenant_id INTEGER NOT NULL, 
	CONSTRAINT pk_survey_recipients PRIMARY KEY (id), 
	CONSTRAINT fk_survey_recipients_campaign_id_survey_campaigns FOREIGN KEY(campaign_id) REFERENCES survey_campaigns (id) ON DELETE CASCADE, 
	CONSTRAINT fk_survey_recipients_contact_id_customer_contacts FOREIGN KEY(contact_id) REFERENCES customer_contacts (id) ON DELETE SET NULL, 
	CONSTRAINT fk_survey_recipients_outbox_message_id_outbox_messages FOREIGN KEY(outbox_message_id) REFERENCES outbox_messages (id) ON DELETE SET NULL, 
	CONSTRAINT fk_survey_recipients_partner_id_partners FOREIGN KEY(partner_id) REFERENCES partners (id) ON DELETE CASCADE, 
	CONSTRAINT fk_survey_recipients_tenant_id_tenants FOREIGN KEY(tenant_id) REFERENCES tenants (id) ON DELETE CASCADE, 
	CONSTRAINT fk_survey_recipients_user_id_users FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE SET NULL, 
	CONSTRAINT uq_survey_recipients_campaign_id_email UNIQUE (campaign_id, email), 
	CONSTRAINT uq_survey_recipients_reminder_token_hash UNIQUE (reminder_token_hash), 
	CONSTRAINT uq_survey_recipients_token_hash UNIQUE (token_hash)
)
CREATE TABLE survey_responses (
	id INTEGER NOT NULL, 
	recipient_id INTEGER NOT NULL, 
	campaign_id INTEGER NOT NULL, 
	feedback_item_id INTEGER, 
	submitted_at DATETIME NOT NULL, 
	partner_id INTEGER, 
	tenant_id INTEGER NOT NULL, 
	CONSTRAINT pk_survey_responses PRIMARY KEY (id), 
	CONSTRAINT fk_survey_responses_campaign_id_survey_campaigns FOREIGN KEY(campaign_id) REFERENCES survey_campaigns (id) ON DELETE CASCADE, 
	CONSTRAINT fk_survey_responses_feedback_item_id_feedback_items FOREIGN KEY(feedback_item_id) REFERENCES feedback_items (id) ON DELETE SET NULL, 
	CONSTRAINT fk_survey_responses_partner_id_partners FOREIGN KEY(partner_id) REFERENCES partners (id) ON DELETE CASCADE, 
	CONSTRAINT fk_survey_responses_recipient_id_survey_recipients FOREIGN KEY(recipient_id) REFERENCES survey_recipients (id) ON DELETE CASCADE, 
	CONSTRAINT fk_survey_responses_tenant_id_tenants FOREIGN KEY(tenant_id) REFERENCES tenants (id) ON DELETE CASCADE, 
	CONSTRAINT uq_survey_responses_recipient_id UNIQUE (recipient_id)
)
CREATE TABLE surveys (
	id INTEGER NOT NULL, 
	title VARCHAR(200) NOT NULL, 
	intro TEXT NOT NULL, 
	audience VARCHAR(32) NOT NULL, 
	version INTEGER NOT NULL, 
	previous_version_id INTEGER, 
	archived_at DATETIME, 
	created_by_id INTEGER, 
	created_at DATETIME NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	CONSTRAINT pk_surveys PRIMARY KEY (id), 
	CONSTRAINT fk_surveys_created_by_id_users FOREIGN KEY(created_by_id) REFERENCES users (id) ON DELETE SET NULL, 
	CONSTRAINT fk_surveys_previous_version_id_surveys FOREIGN KEY(previous_version_id) REFERENCES surveys (id) ON DELETE SET NULL, 
	CONSTRAINT fk_surveys_tenant_id_tenants FOREIGN KEY(tenant_id) REFERENCES tenants (id) ON DELETE CASCADE
)
CREATE TABLE tenant_settings (
	id INTEGER NOT NULL, 
	survey_frequency_cap_days INTEGER NOT NULL, 
	anonymity_threshold INTEGER NOT NULL, 
	reminder_after_days INTEGER NOT NULL, 
	link_expiry_days INTEGER NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	CONSTRAINT pk_tenant_settings PRIMARY KEY (id), 
	CONSTRAINT ck_tenant_settings_anonymity_threshold_positive CHECK (anonymity_threshold >= 1), 
	CONSTRAINT ck_tenant_settings_link_expiry_positive CHECK (link_expiry_days >= 1), 
	CONSTRAINT ck_tenant_settings_reminder_days_not_negative CHECK (reminder_after_days >= 0), 
	CONSTRAINT ck_tenant_settings_frequency_cap_not_negative CHECK (survey_frequency_cap_days >= 0), 
	CONSTRAINT fk_tenant_settings_tenant_id_tenants FOREIGN KEY(tenant_id) REFERENCES tenants (id) ON DELETE CASCADE, 
	CONSTRAINT uq_tenant_settings_tenant_id UNIQUE (tenant_id)
)
CREATE TABLE tenants (
	id INTEGER NOT NULL, 
	name VARCHAR(120) NOT NULL, 
	slug VARCHAR(63) NOT NULL, 
	created_at DATETIME NOT NULL, roadmap_public BOOLEAN NOT NULL, 
	CONSTRAINT pk_tenants PRIMARY KEY (id), 
	CONSTRAINT uq_tenants_slug UNIQUE (slug)
)
CREATE TABLE theme_daily_rollups (
	id INTEGER NOT NULL, 
	day DATE NOT NULL, 
	theme_id INTEGER NOT NULL, 
	anonymous BOOLEAN NOT NULL, 
	items INTEGER DEFAULT 0 NOT NULL, 
	negative INTEGER DEFAULT 0 NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	CONSTRAINT pk_theme_daily_rollups PRIMARY KEY (id), 
	CONSTRAINT fk_theme_daily_rollups_tenant_id_tenants FOREIGN KEY(tenant_id) REFERENCES tenants (id) ON DELETE CASCADE, 
	CONSTRAINT uq_theme_daily_rollups_key UNIQUE (tenant_id, day, theme_id, anonymous)
)
CREATE TABLE themes (
	id INTEGER NOT NULL, 
	name VARCHAR(80) NOT NULL, 
	keywords JSON NOT NULL, 
	position INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	CONSTRAINT pk_themes PRIMARY KEY (id), 
	CONSTRAINT fk_themes_tenant_id_tenants FOREIGN KEY(tenant_id) REFERENCES tenants (id) ON DELETE CASCADE, 
	CONSTRAINT uq_themes_tenant_id_name UNIQUE (tenant_id, name)
)
CREATE TABLE users (
	id INTEGER NOT NULL, 
	email VARCHAR(254) NOT NULL, 
	name VARCHAR(120) NOT NULL, 
	password_hash VARCHAR(255) NOT NULL, 
	created_at DATETIME NOT NULL, 
	last_login_at DATETIME, 
	CONSTRAINT pk_users PRIMARY KEY (id), 
	CONSTRAINT uq_users_email UNIQUE (email)
)
CREATE TABLE webhook_deliveries (
	id INTEGER NOT NULL, 
	endpoint_id INTEGER NOT NULL, 
	event_id VARCHAR(64) NOT NULL, 
	event_type VARCHAR(60) NOT NULL, 
	payload TEXT NOT NULL, 
	status VARCHAR(32) NOT NULL, 
	attempts INTEGER NOT NULL, 
	last_error TEXT, 
	last_status_code INTEGER, 
	next_attempt_at DATETIME NOT NULL, 
	delivered_at DATETIME, 
	created_at DATETIME NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	CONSTRAINT pk_webhook_deliveries PRIMARY KEY (id), 
	CONSTRAINT fk_webhook_deliveries_endpoint_id_webhook_endpoints FOREIGN KEY(endpoint_id) REFERENCES webhook_endpoints (id) ON DELETE CASCADE, 
	CONSTRAINT fk_webhook_deliveries_tenant_id_tenants FOREIGN KEY(tenant_id) REFERENCES tenants (id) ON DELETE CASCADE
)
CREATE TABLE webhook_endpoints (
	id INTEGER NOT NULL, 
	url VARCHAR(2000) NOT NULL, 
	description VARCHAR(200) NOT NULL, 
	secret VARCHAR(100) NOT NULL, 
	events VARCHAR(200) NOT NULL, 
	created_by_id INTEGER, 
	created_at DATETIME NOT NULL, 
	tenant_id INTEGER NOT NULL, 
	CONSTRAINT pk_webhook_endpoints PRIMARY KEY (id), 
	CONSTRAINT fk_webhook_endpoints_created_by_id_users FOREIGN KEY(created_by_id) REFERENCES users (id) ON DELETE SET NULL, 
	CONSTRAINT fk_webhook_endpoints_tenant_id_tenants FOREIGN KEY(tenant_id) REFERENCES tenants (id) ON DELETE CASCADE
)
CREATE TRIGGER feedback_rollups_ad AFTER DELETE ON feedback_items BEGIN UPDATE feedback_daily_rollups SET items = items - (1), nps_count = nps_count - (CASE WHEN OLD.nps IS NOT NULL THEN 1 ELSE 0 END), promoters = promoters - (CASE WHEN OLD.nps >= 9 THEN 1 ELSE 0 END), detractors = detractors - (CASE WHEN OLD.nps <= 6 THEN 1 ELSE 0 END), csat_count = csat_count - (CASE WHEN OLD.csat IS NOT NULL THEN 1 ELSE 0 END), csat_sum = csat_sum - (coalesce(OLD.csat, 0)), rating_count = rating_count - (CASE WHEN OLD.rating IS NOT NULL THEN 1 ELSE 0 END), rating_sum = rating_sum - (coalesce(OLD.rating, 0)), sentiment_count = sentiment_count - (CASE WHEN OLD.sentiment_score IS NOT NULL THEN 1 ELSE 0 END), sentiment_sum = sentiment_sum - (coalesce(OLD.sentiment_score, 0)), positive = positive - (CASE WHEN OLD.sentiment_label = 'positive' THEN 1 ELSE 0 END), neutral = neutral - (CASE WHEN OLD.sentiment_label = 'neutral' THEN 1 ELSE 0 END), negative = negative - (CASE WHEN OLD.sentiment_label = 'negative' THEN 1 ELSE 0 END), loop_count = loop_count - (CASE WHEN coalesce(OLD.loop_response_override, OLD.loop_response) IS NOT NULL THEN 1 ELSE 0 END), action_needed = action_needed - (CASE WHEN coalesce(OLD.loop_response_override, OLD.loop_response) = 'action_needed' THEN 1 ELSE 0 END) WHERE tenant_id = OLD.tenant_id AND day = date(OLD.given_at) AND partner_id = coalesce(OLD.partner_id, 0) AND source = OLD.source AND channel = OLD.channel AND program_element_id = coalesce(OLD.program_element_id, 0) AND anonymous = OLD.anonymous AND 1 = 1; UPDATE feedback_program_rollups SET items = items - (1), nps_count = nps_count - (CASE WHEN OLD.nps IS NOT NULL THEN 1 ELSE 0 END), promoters = promoters - (CASE WHEN OLD.nps >= 9 THEN 1 ELSE 0 END), detractors = detractors - (CASE WHEN OLD.nps <= 6 THEN 1 ELSE 0 END), csat_count = csat_count - (CASE WHEN OLD.csat IS NOT NULL THEN 1 ELSE 0 END), csat_sum = csat_sum - (coalesce(OLD.csat, 0)), rating_count = rating_count - (CASE WHEN OLD.rating IS NOT NULL THEN 1 ELSE 0 END), rating_sum = rating_sum - (coalesce(OLD.rating, 0)), sentiment_count = sentiment_count - (CASE WHEN OLD.sentiment_score IS NOT NULL THEN 1 ELSE 0 END), sentiment_sum = sentiment_sum - (coalesce(OLD.sentiment_score, 0)), positive = positive - (CASE WHEN OLD.sentiment_label = 'positive' THEN 1 ELSE 0 END), neutral = neutral - (CASE WHEN OLD.sentiment_label = 'neutral' THEN 1 ELSE 0 END), negative = negative - (CASE WHEN OLD.sentiment_label = 'negative' THEN 1 ELSE 0 END), loop_count = loop_count - (CASE WHEN coalesce(OLD.loop_response_override, OLD.loop_response) IS NOT NULL THEN 1 ELSE 0 END), action_needed = action_needed - (CASE WHEN coalesce(OLD.loop_response_override, OLD.loop_response) = 'action_needed' THEN 1 ELSE 0 END) WHERE tenant_id = OLD.tenant_id AND day = date(OLD.given_at) AND source = OLD.source AND channel = OLD.channel AND program_element_id = coalesce(OLD.program_element_id, 0) AND anonymous = OLD.anonymous AND 1 = 1; UPDATE feedback_weekly_partner_rollups SET items = items - (1), nps_count = nps_count - (CASE WHEN OLD.nps IS NOT NULL THEN 1 ELSE 0 END), promoters = promoters - (CASE WHEN OLD.nps >= 9 THEN 1 ELSE 0 END), detractors = detractors - (CASE WHEN OLD.nps <= 6 THEN 1 ELSE 0 END), csat_count = csat_count - (CASE WHEN OLD.csat IS NOT NULL THEN 1 ELSE 0 END), csat_sum = csat_sum - (coalesce(OLD.csat, 0)), rating_count = rating_count - (CASE WHEN OLD.rating IS NOT NULL THEN 1 ELSE 0 END), rating_sum = rating_sum - (coalesce(OLD.rating, 0)), sentiment_count = sentiment_count - (CASE WHEN OLD.sentiment_score IS NOT NULL THEN 1 ELSE 0 END), sentiment_sum = sentiment_sum - (coalesce(OLD.sentiment_score, 0)), positive = positive - (CASE WHEN OLD.sentiment_label = 'positive' THEN 1 ELSE 0 END), neutral = neutral - (CASE WHEN OLD.sentiment_label = 'neutral' THEN 1 ELSE 0 END), negative = negative - (CASE WHEN OLD.sentiment_label = 'negative' THEN 1 ELSE 0 END), loop_count = loop_count - (CASE WHEN coalesce(OLD.loop_response_override, OLD.loop_response) IS NOT NULL THEN 1 ELSE 0 END), action_needed = action_needed - (CASE WHEN coalesce(OLD.loop_response_override, OLD.loop_response) = 'action_needed' THEN 1 ELSE 0 END) WHERE tenant_id = OLD.tenant_id AND week = date(OLD.given_at, '-6 days', 'weekday 1') AND partner_id = coalesce(OLD.partner_id, 0) AND source = OLD.source AND OLD.partner_id IS NOT NULL AND OLD.anonymous = FALSE; END
CREATE TRIGGER feedback_rollups_ai AFTER INSERT ON feedback_items BEGIN INSERT INTO feedback_daily_rollups (tenant_id, day, partner_id, source, channel, program_element_id, anonymous, items, nps_count, promoters, detractors, csat_count, csat_sum, rating_count, rating_sum, sentiment_count, sentiment_sum, positive, neutral, negative, loop_count, action_needed) SELECT NEW.tenant_id, date(NEW.given_at), coalesce(NEW.partner_id, 0), NEW.source, NEW.channel, coalesce(NEW.program_element_id, 0), NEW.anonymous, 1, CASE WHEN NEW.nps IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.nps >= 9 THEN 1 ELSE 0 END, CASE WHEN NEW.nps <= 6 THEN 1 ELSE 0 END, CASE WHEN NEW.csat IS NOT NULL THEN 1 ELSE 0 END, coalesce(NEW.csat, 0), CASE WHEN NEW.rating IS NOT NULL THEN 1 ELSE 0 END, coalesce(NEW.rating, 0), CASE WHEN NEW.sentiment_score IS NOT NULL THEN 1 ELSE 0 END, coalesce(NEW.sentiment_score, 0), CASE WHEN NEW.sentiment_label = 'positive' THEN 1 ELSE 0 END, CASE WHEN NEW.sentiment_label = 'neutral' THEN 1 ELSE 0 END, CASE WHEN NEW.sentiment_label = 'negative' THEN 1 ELSE 0 END, CASE WHEN coalesce(NEW.loop_response_override, NEW.loop_response) IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN coalesce(NEW.loop_response_override, NEW.loop_response) = 'action_needed' THEN 1 ELSE 0 END WHERE 1 = 1 ON CONFLICT (tenant_id, day, partner_id, source, channel, program_element_id, anonymous) DO UPDATE SET items = feedback_daily_rollups.items + excluded.items, nps_count = feedback_daily_rollups.nps_count + excluded.nps_count, promoters = feedback_daily_rollups.promoters + excluded.promoters, detractors = feedback_daily_rollups.detractors + excluded.detractors, csat_count = feedback_daily_rollups.csat_count + excluded.csat_count, csat_sum = feedback_daily_rollups.csat_sum + excluded.csat_sum, rating_count = feedback_daily_rollups.rating_count + excluded.rating_count, rating_sum = feedback_daily_rollups.rating_sum + excluded.rating_sum, sentiment_count = feedback_daily_rollups.sentiment_count + excluded.sentiment_count, sentiment_sum = feedback_daily_rollups.sentiment_sum + excluded.sentiment_sum, positive = feedback_daily_rollups.positive + excluded.positive, neutral = feedback_daily_rollups.neutral + excluded.neutral, negative = feedback_daily_rollups.negative + excluded.negative, loop_count = feedback_daily_rollups.loop_count + excluded.loop_count, action_needed = feedback_daily_rollups.action_needed + excluded.action_needed; INSERT INTO feedback_program_rollups (tenant_id, day, source, channel, program_element_id, anonymous, items, nps_count, promoters, detractors, csat_count, csat_sum, rating_count, rating_sum, sentiment_count, sentiment_sum, positive, neutral, negative, loop_count, action_needed) SELECT NEW.tenant_id, date(NEW.given_at), NEW.source, NEW.channel, coalesce(NEW.program_element_id, 0), NEW.anonymous, 1, CASE WHEN NEW.nps IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.nps >= 9 THEN 1 ELSE 0 END, CASE WHEN NEW.nps <= 6 THEN 1 ELSE 0 END, CASE WHEN NEW.csat IS NOT NULL THEN 1 ELSE 0 END, coalesce(NEW.csat, 0), CASE WHEN NEW.rating IS NOT NULL THEN 1 ELSE 0 END, coalesce(NEW.rating, 0), CASE WHEN NEW.sentiment_score IS NOT NULL THEN 1 ELSE 0 END, coalesce(NEW.sentiment_score, 0), CASE WHEN NEW.sentiment_label = 'positive' THEN 1 ELSE 0 END, CASE WHEN NEW.sentiment_label = 'neutral' THEN 1 ELSE 0 END, CASE WHEN NEW.sentiment_label = 'negative' THEN 1 ELSE 0 END, CASE WHEN coalesce(NEW.loop_response_override, NEW.loop_response) IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN coalesce(NEW.loop_response_override, NEW.loop_response) = 'action_needed' THEN 1 ELSE 0 END WHERE 1 = 1 ON CONFLICT (tenant_id, day, source, channel, program_element_id, anonymous) DO UPDATE SET items = feedback_program_rollups.items + excluded.items, nps_count = feedback_program_rollups.nps_count + excluded.nps_count, promoters = feedback_program_rollups.promoters + excluded.promoters, detractors = feedback_program_rollups.detractors + excluded.detractors, csat_count = feedback_program_rollups.csat_count + excluded.csat_count, csat_sum = feedback_program_rollups.csat_sum + excluded.csat_sum, rating_count = feedback_program_rollups.rating_count + excluded.rating_count, rating_sum = feedback_program_rollups.rating_sum + excluded.rating_sum, sentiment_count = feedback_program_rollups.sentiment_count + excluded.sentiment_count, sentiment_sum = feedback_program_rollups.sentiment_sum + excluded.sentiment_sum, positive = feedback_program_rollups.positive + excluded.positive, neutral = feedback_program_rollups.neutral + excluded.neutral, negative = feedback_program_rollups.negative + excluded.negative, loop_count = feedback_program_rollups.loop_count + excluded.loop_count, action_needed = feedback_program_rollups.action_needed + excluded.action_needed; INSERT INTO feedback_weekly_partner_rollups (tenant_id, week, partner_id, source, items, nps_count, promoters, detractors, csat_count, csat_sum, rating_count, rating_sum, sentiment_count, sentiment_sum, positive, neutral, negative, loop_count, action_needed) SELECT NEW.tenant_id, date(NEW.given_at, '-6 days', 'weekday 1'), coalesce(NEW.partner_id, 0), NEW.source, 1, CASE WHEN NEW.nps IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.nps >= 9 THEN 1 ELSE 0 END, CASE WHEN NEW.nps <= 6 THEN 1 ELSE 0 END, CASE WHEN NEW.csat IS NOT NULL THEN 1 ELSE 0 END, coalesce(NEW.csat, 0), CASE WHEN NEW.rating IS NOT NULL THEN 1 ELSE 0 END, coalesce(NEW.rating, 0), CASE WHEN NEW.sentiment_score IS NOT NULL THEN 1 ELSE 0 END, coalesce(NEW.sentiment_score, 0), CASE WHEN NEW.sentiment_label = 'positive' THEN 1 ELSE 0 END, CASE WHEN NEW.sentiment_label = 'neutral' THEN 1 ELSE 0 END, CASE WHEN NEW.sentiment_label = 'negative' THEN 1 ELSE 0 END, CASE WHEN coalesce(NEW.loop_response_override, NEW.loop_response) IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN coalesce(NEW.loop_response_override, NEW.loop_response) = 'action_needed' THEN 1 ELSE 0 END WHERE NEW.partner_id IS NOT NULL AND NEW.anonymous = FALSE ON CONFLICT (tenant_id, week, partner_id, source) DO UPDATE SET items = feedback_weekly_partner_rollups.items + excluded.items, nps_count = feedback_weekly_partner_rollups.nps_count + excluded.nps_count, promoters = feedback_weekly_partner_rollups.promoters + excluded.promoters, detractors = feedback_weekly_partner_rollups.detractors + excluded.detractors, csat_count = feedback_weekly_partner_rollups.csat_count + excluded.csat_count, csat_sum = feedback_weekly_partner_rollups.csat_sum + excluded.csat_sum, rating_count = feedback_weekly_partner_rollups.rating_count + excluded.rating_count, rating_sum = feedback_weekly_partner_rollups.rating_sum + excluded.rating_sum, sentiment_count = feedback_weekly_partner_rollups.sentiment_count + excluded.sentiment_count, sentiment_sum = feedback_weekly_partner_rollups.sentiment_sum + excluded.sentiment_sum, positive = feedback_weekly_partner_rollups.positive + excluded.positive, neutral = feedback_weekly_partner_rollups.neutral + excluded.neutral, negative = feedback_weekly_partner_rollups.negative + excluded.negative, loop_count = feedback_weekly_partner_rollups.loop_count + excluded.loop_count, action_needed = feedback_weekly_partner_rollups.action_needed + excluded.action_needed; END
CREATE TRIGGER feedback_rollups_au AFTER UPDATE OF tenant_id, given_at, partner_id, source, channel, program_element_id, anonymous, nps, csat, rating, sentiment_score, sentiment_label, loop_response, loop_response_override ON feedback_items BEGIN UPDATE feedback_daily_rollups SET items = items - (1), nps_count = nps_count - (CASE WHEN OLD.nps IS NOT NULL THEN 1 ELSE 0 END), promoters = promoters - (CASE WHEN OLD.nps >= 9 THEN 1 ELSE 0 END), detractors = detractors - (CASE WHEN OLD.nps <= 6 THEN 1 ELSE 0 END), csat_count = csat_count - (CASE WHEN OLD.csat IS NOT NULL THEN 1 ELSE 0 END), csat_sum = csat_sum - (coalesce(OLD.csat, 0)), rating_count = rating_count - (CASE WHEN OLD.rating IS NOT NULL THEN 1 ELSE 0 END), rating_sum = rating_sum - (coalesce(OLD.rating, 0)), sentiment_count = sentiment_count - (CASE WHEN OLD.sentiment_score IS NOT NULL THEN 1 ELSE 0 END), sentiment_sum = sentiment_sum - (coalesce(OLD.sentiment_score, 0)), positive = positive - (CASE WHEN OLD.sentiment_label = 'positive' THEN 1 ELSE 0 END), neutral = neutral - (CASE WHEN OLD.sentiment_label = 'neutral' THEN 1 ELSE 0 END), negative = negative - (CASE WHEN OLD.sentiment_label = 'negative' THEN 1 ELSE 0 END), loop_count = loop_count - (CASE WHEN coalesce(OLD.loop_response_override, OLD.loop_response) IS NOT NULL THEN 1 ELSE 0 END), action_needed = action_needed - (CASE WHEN coalesce(OLD.loop_response_override, OLD.loop_response) = 'action_needed' THEN 1 ELSE 0 END) WHERE tenant_id = OLD.tenant_id AND day = date(OLD.given_at) AND partner_id = coalesce(OLD.partner_id, 0) AND source = OLD.source AND channel = OLD.channel AND program_element_id = coalesce(OLD.program_element_id, 0) AND anonymous = OLD.anonymous AND 1 = 1; UPDATE feedback_program_rollups SET items = items - (1), nps_count = nps_count - (CASE WHEN OLD.nps IS NOT NULL THEN 1 ELSE 0 END), promoters = promoters - (CASE WHEN OLD.nps >= 9 THEN 1 ELSE 0 END), detractors = detractors - (CASE WHEN OLD.nps <= 6 THEN 1 ELSE 0 END), csat_count = csat_count - (CASE WHEN OLD.csat IS NOT NULL THEN 1 ELSE 0 END), csat_sum = csat_sum - (coalesce(OLD.csat, 0)), rating_count = rating_count - (CASE WHEN OLD.rating IS NOT NULL THEN 1 ELSE 0 END), rating_sum = rating_sum - (coalesce(OLD.rating, 0)), sentiment_count = sentiment_count - (CASE WHEN OLD.sentiment_score IS NOT NULL THEN 1 ELSE 0 END), sentiment_sum = sentiment_sum - (coalesce(OLD.sentiment_score, 0)), positive = positive - (CASE WHEN OLD.sentiment_label = 'positive' THEN 1 ELSE 0 END), neutral = neutral - (CASE WHEN OLD.sentiment_label = 'neutral' THEN 1 ELSE 0 END), negative = negative - (CASE WHEN OLD.sentiment_label = 'negative' THEN 1 ELSE 0 END), loop_count = loop_count - (CASE WHEN coalesce(OLD.loop_response_override, OLD.loop_response) IS NOT NULL THEN 1 ELSE 0 END), action_needed = action_needed - (CASE WHEN coalesce(OLD.loop_response_override, OLD.loop_response) = 'action_needed' THEN 1 ELSE 0 END) WHERE tenant_id = OLD.tenant_id AND day = date(OLD.given_at) AND source = OLD.source AND channel = OLD.channel AND program_element_id = coalesce(OLD.program_element_id, 0) AND anonymous = OLD.anonymous AND 1 = 1; UPDATE feedback_weekly_partner_rollups SET items = items - (1), nps_count = nps_count - (CASE WHEN OLD.nps IS NOT NULL THEN 1 ELSE 0 END), promoters = promoters - (CASE WHEN OLD.nps >= 9 THEN 1 ELSE 0 END), detractors = detractors - (CASE WHEN OLD.nps <= 6 THEN 1 ELSE 0 END), csat_count = csat_count - (CASE WHEN OLD.csat IS NOT NULL THEN 1 ELSE 0 END), csat_sum = csat_sum - (coalesce(OLD.csat, 0)), rating_count = rating_count - (CASE WHEN OLD.rating IS NOT NULL THEN 1 ELSE 0 END), rating_sum = rating_sum - (coalesce(OLD.rating, 0)), sentiment_count = sentiment_count - (CASE WHEN OLD.sentiment_score IS NOT NULL THEN 1 ELSE 0 END), sentiment_sum = sentiment_sum - (coalesce(OLD.sentiment_score, 0)), positive = positive - (CASE WHEN OLD.sentiment_label = 'positive' THEN 1 ELSE 0 END), neutral = neutral - (CASE WHEN OLD.sentiment_label = 'neutral' THEN 1 ELSE 0 END), negative = negative - (CASE WHEN OLD.sentiment_label = 'negative' THEN 1 ELSE 0 END), loop_count = loop_count - (CASE WHEN coalesce(OLD.loop_response_override, OLD.loop_response) IS NOT NULL THEN 1 ELSE 0 END), action_needed = action_needed - (CASE WHEN coalesce(OLD.loop_response_override, OLD.loop_response) = 'action_needed' THEN 1 ELSE 0 END) WHERE tenant_id = OLD.tenant_id AND week = date(OLD.given_at, '-6 days', 'weekday 1') AND partner_id = coalesce(OLD.partner_id, 0) AND source = OLD.source AND OLD.partner_id IS NOT NULL AND OLD.anonymous = FALSE; INSERT INTO feedback_daily_rollups (tenant_id, day, partner_id, source, channel, program_element_id, anonymous, items, nps_count, promoters, detractors, csat_count, csat_sum, rating_count, rating_sum, sentiment_count, sentiment_sum, positive, neutral, negative, loop_count, action_needed) SELECT NEW.tenant_id, date(NEW.given_at), coalesce(NEW.partner_id, 0), NEW.source, NEW.channel, coalesce(NEW.program_element_id, 0), NEW.anonymous, 1, CASE WHEN NEW.nps IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.nps >= 9 THEN 1 ELSE 0 END, CASE WHEN NEW.nps <= 6 THEN 1 ELSE 0 END, CASE WHEN NEW.csat IS NOT NULL THEN 1 ELSE 0 END, coalesce(NEW.csat, 0), CASE WHEN NEW.rating IS NOT NULL THEN 1 ELSE 0 END, coalesce(NEW.rating, 0), CASE WHEN NEW.sentiment_score IS NOT NULL THEN 1 ELSE 0 END, coalesce(NEW.sentiment_score, 0), CASE WHEN NEW.sentiment_label = 'positive' THEN 1 ELSE 0 END, CASE WHEN NEW.sentiment_label = 'neutral' THEN 1 ELSE 0 END, CASE WHEN NEW.sentiment_label = 'negative' THEN 1 ELSE 0 END, CASE WHEN coalesce(NEW.loop_response_override, NEW.loop_response) IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN coalesce(NEW.loop_response_override, NEW.loop_response) = 'action_needed' THEN 1 ELSE 0 END WHERE 1 = 1 ON CONFLICT (tenant_id, day, partner_id, source, channel, program_element_id, anonymous) DO UPDATE SET items = feedback_daily_rollups.items + excluded.items, nps_count = feedback_daily_rollups.nps_count + excluded.nps_count, promoters = feedback_daily_rollups.promoters + excluded.promoters, detractors = feedback_daily_rollups.detractors + excluded.detractors, csat_count = feedback_daily_rollups.csat_count + excluded.csat_count, csat_sum = feedback_daily_rollups.csat_sum + excluded.csat_sum, rating_count = feedback_daily_rollups.rating_count + excluded.rating_count, rating_sum = feedback_daily_rollups.rating_sum + excluded.rating_sum, sentiment_count = feedback_daily_rollups.sentiment_count + excluded.sentiment_count, sentiment_sum = feedback_daily_rollups.sentiment_sum + excluded.sentiment_sum, positive = feedback_daily_rollups.positive + excluded.positive, neutral = feedback_daily_rollups.neutral + excluded.neutral, negative = feedback_daily_rollups.negative + excluded.negative, loop_count = feedback_daily_rollups.loop_count + excluded.loop_count, action_needed = feedback_daily_rollups.action_needed + excluded.action_needed; INSERT INTO feedback_program_rollups (tenant_id, day, source, channel, program_element_id, anonymous, items, nps_count, promoters, detractors, csat_count, csat_sum, rating_count, rating_sum, sentiment_count, sentiment_sum, positive, neutral, negative, loop_count, action_needed) SELECT NEW.tenant_id, date(NEW.given_at), NEW.source, NEW.channel, coalesce(NEW.program_element_id, 0), NEW.anonymous, 1, CASE WHEN NEW.nps IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.nps >= 9 THEN 1 ELSE 0 END, CASE WHEN NEW.nps <= 6 THEN 1 ELSE 0 END, CASE WHEN NEW.csat IS NOT NULL THEN 1 ELSE 0 END, coalesce(NEW.csat, 0), CASE WHEN NEW.rating IS NOT NULL THEN 1 ELSE 0 END, coalesce(NEW.rating, 0), CASE WHEN NEW.sentiment_score IS NOT NULL THEN 1 ELSE 0 END, coalesce(NEW.sentiment_score, 0), CASE WHEN NEW.sentiment_label = 'positive' THEN 1 ELSE 0 END, CASE WHEN NEW.sentiment_label = 'neutral' THEN 1 ELSE 0 END, CASE WHEN NEW.sentiment_label = 'negative' THEN 1 ELSE 0 END, CASE WHEN coalesce(NEW.loop_response_override, NEW.loop_response) IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN coalesce(NEW.loop_response_override, NEW.loop_response) = 'action_needed' THEN 1 ELSE 0 END WHERE 1 = 1 ON CONFLICT (tenant_id, day, source, channel, program_element_id, anonymous) DO UPDATE SET items = feedback_program_rollups.items + excluded.items, nps_count = feedback_program_rollups.nps_count + excluded.nps_count, promoters = feedback_program_rollups.promoters + excluded.promoters, detractors = feedback_program_rollups.detractors + excluded.detractors, csat_count = feedback_program_rollups.csat_count + excluded.csat_count, csat_sum = feedback_program_rollups.csat_sum + excluded.csat_sum, rating_count = feedback_program_rollups.rating_count + excluded.rating_count, rating_sum = feedback_program_rollups.rating_sum + excluded.rating_sum, sentiment_count = feedback_program_rollups.sentiment_count + excluded.sentiment_count, sentiment_sum = feedback_program_rollups.sentiment_sum + excluded.sentiment_sum, positive = feedback_program_rollups.positive + excluded.positive, neutral = feedback_program_rollups.neutral + excluded.neutral, negative = feedback_program_rollups.negative + excluded.negative, loop_count = feedback_program_rollups.loop_count + excluded.loop_count, action_needed = feedback_program_rollups.action_needed + excluded.action_needed; INSERT INTO feedback_weekly_partner_rollups (tenant_id, week, partner_id, source, items, nps_count, promoters, detractors, csat_count, csat_sum, rating_count, rating_sum, sentiment_count, sentiment_sum, positive, neutral, negative, loop_count, action_needed) SELECT NEW.tenant_id, date(NEW.given_at, '-6 days', 'weekday 1'), coalesce(NEW.partner_id, 0), NEW.source, 1, CASE WHEN NEW.nps IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.nps >= 9 THEN 1 ELSE 0 END, CASE WHEN NEW.nps <= 6 THEN 1 ELSE 0 END, CASE WHEN NEW.csat IS NOT NULL THEN 1 ELSE 0 END, coalesce(NEW.csat, 0), CASE WHEN NEW.rating IS NOT NULL THEN 1 ELSE 0 END, coalesce(NEW.rating, 0), CASE WHEN NEW.sentiment_score IS NOT NULL THEN 1 ELSE 0 END, coalesce(NEW.sentiment_score, 0), CASE WHEN NEW.sentiment_label = 'positive' THEN 1 ELSE 0 END, CASE WHEN NEW.sentiment_label = 'neutral' THEN 1 ELSE 0 END, CASE WHEN NEW.sentiment_label = 'negative' THEN 1 ELSE 0 END, CASE WHEN coalesce(NEW.loop_response_override, NEW.loop_response) IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN coalesce(NEW.loop_response_override, NEW.loop_response) = 'action_needed' THEN 1 ELSE 0 END WHERE NEW.partner_id IS NOT NULL AND NEW.anonymous = FALSE ON CONFLICT (tenant_id, week, partner_id, source) DO UPDATE SET items = feedback_weekly_partner_rollups.items + excluded.items, nps_count = feedback_weekly_partner_rollups.nps_count + excluded.nps_count, promoters = feedback_weekly_partner_rollups.promoters + excluded.promoters, detractors = feedback_weekly_partner_rollups.detractors + excluded.detractors, csat_count = feedback_weekly_partner_rollups.csat_count + excluded.csat_count, csat_sum = feedback_weekly_partner_rollups.csat_sum + excluded.csat_sum, rating_count = feedback_weekly_partner_rollups.rating_count + excluded.rating_count, rating_sum = feedback_weekly_partner_rollups.rating_sum + excluded.rating_sum, sentiment_count = feedback_weekly_partner_rollups.sentiment_count + excluded.sentiment_count, sentiment_sum = feedback_weekly_partner_rollups.sentiment_sum + excluded.sentiment_sum, positive = feedback_weekly_partner_rollups.positive + excluded.positive, neutral = feedback_weekly_partner_rollups.neutral + excluded.neutral, negative = feedback_weekly_partner_rollups.negative + excluded.negative, loop_count = feedback_weekly_partner_rollups.loop_count + excluded.loop_count, action_needed = feedback_weekly_partner_rollups.action_needed + excluded.action_needed; END
CREATE TRIGGER theme_rollups_ad AFTER DELETE ON feedback_themes BEGIN UPDATE theme_daily_rollups SET items = items - (1), negative = negative - (CASE WHEN OLD.negative = TRUE THEN 1 ELSE 0 END) WHERE tenant_id = OLD.tenant_id AND day = date(OLD.given_at) AND theme_id = OLD.theme_id AND anonymous = OLD.anonymous AND OLD.suppressed = FALSE; END
CREATE TRIGGER theme_rollups_ai AFTER INSERT ON feedback_themes BEGIN INSERT INTO theme_daily_rollups (tenant_id, day, theme_id, anonymous, items, negative) SELECT NEW.tenant_id, date(NEW.given_at), NEW.theme_id, NEW.anonymous, 1, CASE WHEN NEW.negative = TRUE THEN 1 ELSE 0 END WHERE NEW.suppressed = FALSE ON CONFLICT (tenant_id, day, theme_id, anonymous) DO UPDATE SET items = theme_daily_rollups.items + excluded.items, negative = theme_daily_rollups.negative + excluded.negative; END
CREATE TRIGGER theme_rollups_au AFTER UPDATE OF tenant_id, theme_id, given_at, anonymous, negative, suppressed ON feedback_themes BEGIN UPDATE theme_daily_rollups SET items = items - (1), negative = negative - (CASE WHEN OLD.negative = TRUE THEN 1 ELSE 0 END) WHERE tenant_id = OLD.tenant_id AND day = date(OLD.given_at) AND theme_id = OLD.theme_id AND anonymous = OLD.anonymous AND OLD.suppressed = FALSE; INSERT INTO theme_daily_rollups (tenant_id, day, theme_id, anonymous, items, negative) SELECT NEW.tenant_id, date(NEW.given_at), NEW.theme_id, NEW.anonymous, 1, CASE WHEN NEW.negative = TRUE THEN 1 ELSE 0 END WHERE NEW.suppressed = FALSE ON CONFLICT (tenant_id, day, theme_id, anonymous) DO UPDATE SET items = theme_daily_rollups.items + excluded.items, negative = theme_daily_rollups.negative + excluded.negative; END
