CREATE FUNCTION public.feedback_rollups_after_delete() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN INSERT INTO feedback_daily_rollups AS r (tenant_id, day, partner_id, source, channel, program_element_id, anonymous, items, nps_count, promoters, detractors, csat_count, csat_sum, rating_count, rating_sum, sentiment_count, sentiment_sum, positive, neutral, negative, loop_count, action_needed) SELECT tenant_id, day, partner_id, source, channel, program_element_id, anonymous, sum(items), sum(nps_count), sum(promoters), sum(detractors), sum(csat_count), sum(csat_sum), sum(rating_count), sum(rating_sum), sum(sentiment_count), sum(sentiment_sum), sum(positive), sum(neutral), sum(negative), sum(loop_count), sum(action_needed) FROM (SELECT o.tenant_id AS tenant_id, CAST(o.given_at AS DATE) AS day, coalesce(o.partner_id, 0) AS partner_id, o.source AS source, o.channel AS channel, coalesce(o.program_element_id, 0) AS program_element_id, o.anonymous AS anonymous, sum(-1) AS items, sum(-CASE WHEN o.nps IS NOT NULL THEN 1 ELSE 0 END) AS nps_count, sum(-CASE WHEN o.nps >= 9 THEN 1 ELSE 0 END) AS promoters, sum(-CASE WHEN o.nps <= 6 THEN 1 ELSE 0 END) AS detractors, sum(-CASE WHEN o.csat IS NOT NULL THEN 1 ELSE 0 END) AS csat_count, sum(-coalesce(o.csat, 0)) AS csat_sum, sum(-CASE WHEN o.rating IS NOT NULL THEN 1 ELSE 0 END) AS rating_count, sum(-coalesce(o.rating, 0)) AS rating_sum, sum(-CASE WHEN o.sentiment_score IS NOT NULL THEN 1 ELSE 0 END) AS sentiment_count, sum(-coalesce(o.sentiment_score, 0)) AS sentiment_sum, sum(-CASE WHEN o.sentiment_label = 'positive' THEN 1 ELSE 0 END) AS positive, sum(-CASE WHEN o.sentiment_label = 'neutral' THEN 1 ELSE 0 END) AS neutral, sum(-CASE WHEN o.sentiment_label = 'negative' THEN 1 ELSE 0 END) AS negative, sum(-CASE WHEN coalesce(o.loop_response_override, o.loop_response) IS NOT NULL THEN 1 ELSE 0 END) AS loop_count, sum(-CASE WHEN coalesce(o.loop_response_override, o.loop_response) = 'action_needed' THEN 1 ELSE 0 END) AS action_needed FROM rollup_old_rows o WHERE (1 = 1) AND 1 = 1 GROUP BY o.tenant_id, CAST(o.given_at AS DATE), coalesce(o.partner_id, 0), o.source, o.channel, coalesce(o.program_element_id, 0), o.anonymous) AS d WHERE d.tenant_id IN (SELECT id FROM tenants) GROUP BY tenant_id, day, partner_id, source, channel, program_element_id, anonymous HAVING sum(items) <> 0 OR sum(nps_count) <> 0 OR sum(promoters) <> 0 OR sum(detractors) <> 0 OR sum(csat_count) <> 0 OR sum(csat_sum) <> 0 OR sum(rating_count) <> 0 OR sum(rating_sum) <> 0 OR sum(sentiment_count) <> 0 OR sum(sentiment_sum) <> 0 OR sum(positive) <> 0 OR sum(neutral) <> 0 OR sum(negative) <> 0 OR sum(loop_count) <> 0 OR sum(action_needed) <> 0 ORDER BY tenant_id, day, partner_id, source, channel, program_element_id, anonymous ON CONFLICT (tenant_id, day, partner_id, source, channel, program_element_id, anonymous) DO UPDATE SET items = r.items + excluded.items, nps_count = r.nps_count + excluded.nps_count, promoters = r.promoters + excluded.promoters, detractors = r.detractors + excluded.detractors, csat_count = r.csat_count + excluded.csat_count, csat_sum = r.csat_sum + excluded.csat_sum, rating_count = r.rating_count + excluded.rating_count, rating_sum = r.rating_sum + excluded.rating_sum, sentiment_count = r.sentiment_count + excluded.sentiment_count, sentiment_sum = r.sentiment_sum + excluded.sentiment_sum, positive = r.positive + excluded.positive, neutral = r.neutral + excluded.neutral, negative = r.negative + excluded.negative, loop_count = r.loop_count + excluded.loop_count, action_needed = r.action_needed + excluded.action_needed; INSERT INTO feedback_program_rollups AS r (tenant_id, day, source, channel, program_element_id, anonymous, items, nps_count, promoters, detractors, csat_count, csat_sum, rating_count, rating_sum, sentiment_count, sentiment_sum, positive, neutral, negative, loop_count, action_needed) SELECT tenant_id, day, source, channel, program_element_id, anonymous, sum(items), sum(nps_count), sum(promoters), sum(detractors), sum(csat_count), sum(csat_sum), sum(rating_count), sum(rating_sum), sum(sentiment_count), sum(sentiment_sum), sum(positive), sum(neutral), sum(negative), sum(loop_count), sum(action_needed) FROM (SELECT o.tenant_id AS tenant_id, CAST(o.given_at AS DATE) AS day, o.source AS source, o.channel AS channel, coalesce(o.program_element_id, 0) AS program_element_id, o.anonymous AS anonymous, sum(-1) AS items, sum(-CASE WHEN o.nps IS NOT NULL THEN 1 ELSE 0 END) AS nps_count, sum(-CASE WHEN o.nps >= 9 THEN 1 ELSE 0 END) AS promoters, sum(-CASE WHEN o.nps <= 6 THEN 1 ELSE 0 END) AS detractors, sum(-CASE WHEN o.csat IS NOT NULL THEN 1 ELSE 0 END) AS csat_count, sum(-coalesce(o.csat, 0)) AS csat_sum, sum(-CASE WHEN o.rating IS NOT NULL THEN 1 ELSE 0 END) AS rating_count, sum(-coalesce(o.rating, 0)) AS rating_sum, sum(-CASE WHEN o.sentiment_score IS NOT NULL THEN 1 ELSE 0 END) AS sentiment_count, sum(-coalesce(o.sentiment_score, 0)) AS sentiment_sum, sum(-CASE WHEN o.sentiment_label = 'positive' THEN 1 ELSE 0 END) AS positive, sum(-CASE WHEN o.sentiment_label = 'neutral' THEN 1 ELSE 0 END) AS neutral, sum(-CASE WHEN o.sentiment_label = 'negative' THEN 1 ELSE 0 END) AS negative, sum(-CASE WHEN coalesce(o.loop_response_override, o.loop_response) IS NOT NULL THEN 1 ELSE 0 END) AS loop_count, sum(-CASE WHEN coalesce(o.loop_response_override, o.loop_response) = 'action_needed' THEN 1 ELSE 0 END) AS action_needed FROM rollup_old_rows o WHERE (1 = 1) AND 1 = 1 GROUP BY o.tenant_id, CAST(o.given_at AS DATE), o.source, o.channel, coalesce(o.program_element_id, 0), o.anonymous) AS d WHERE d.tenant_id IN (SELECT id FROM tenants) GROUP BY tenant_id, day, source, channel, program_element_id, anonymous HAVING sum(items) <> 0 OR sum(nps_count) <> 0 OR sum(promoters) <> 0 OR sum(detractors) <> 0 OR sum(csat_count) <> 0 OR sum(csat_sum) <> 0 OR sum(rating_count) <> 0 OR sum(rating_sum) <> 0 OR sum(sentiment_count) <> 0 OR sum(sentiment_sum) <> 0 OR sum(positive) <> 0 OR sum(neutral) <> 0 OR sum(negative) <> 0 OR sum(loop_count) <> 0 OR sum(action_needed) <> 0 ORDER BY tenant_id, day, source, channel, program_element_id, anonymous ON CONFLICT (tenant_id, day, source, channel, program_element_id, anonymous) DO UPDATE SET items = r.items + excluded.items, nps_count = r.nps_count + excluded.nps_count, promoters = r.promoters + excluded.promoters, detractors = r.detractors + excluded.detractors, csat_count = r.csat_count + excluded.csat_count, csat_sum = r.csat_sum + excluded.csat_sum, rating_count = r.rating_count + excluded.rating_count, rating_sum = r.rating_sum + excluded.rating_sum, sentiment_count = r.sentiment_count + excluded.sentiment_count, sentiment_sum = r.sentiment_sum + excluded.sentiment_sum, positive = r.positive + excluded.positive, neutral = r.neutral + excluded.neutral, negative = r.negative + excluded.negative, loop_count = r.loop_count + excluded.loop_count, action_needed = r.action_needed + excluded.action_needed; INSERT INTO feedback_weekly_partner_rollups AS r (tenant_id, week, partner_id, source, items, nps_count, promoters, detractors, csat_count, csat_sum, rating_count, rating_sum, sentiment_count, sentiment_sum, positive, neutral, negative, loop_count, action_needed) SELECT tenant_id, week, partner_id, source, sum(items), sum(nps_count), sum(promoters), sum(detractors), sum(csat_count), sum(csat_sum), sum(rating_count), sum(rating_sum), sum(sentiment_count), sum(sentiment_sum), sum(positive), sum(neutral), sum(negative), sum(loop_count), sum(action_needed) FROM (SELECT o.tenant_id AS tenant_id, CAST(date_trunc('week', o.given_at) AS DATE) AS week, coalesce(o.partner_id, 0) AS partner_id, o.source AS source, sum(-1) AS items, sum(-CASE WHEN o.nps IS NOT NULL THEN 1 ELSE 0 END) AS nps_count, sum(-CASE WHEN o.nps >= 9 THEN 1 ELSE 0 END) AS promoters, sum(-CASE WHEN o.nps <= 6 THEN 1 ELSE 0 END) AS detractors, sum(-CASE WHEN o.csat IS NOT NULL THEN 1 ELSE 0 END) AS csat_count, sum(-coalesce(o.csat, 0)) AS csat_sum, sum(-CASE WHEN o.rating IS NOT NULL THEN 1 ELSE 0 END) AS rating_count, sum(-coalesce(o.rating, 0)) AS rating_sum, sum(-CASE WHEN o.sentiment_score IS NOT NULL THEN 1 ELSE 0 END) AS sentiment_count, sum(-coalesce(o.sentiment_score, 0)) AS sentiment_sum, sum(-CASE WHEN o.sentiment_label = 'positive' THEN 1 ELSE 0 END) AS positive, sum(-CASE WHEN o.sentiment_label = 'neutral' THEN 1 ELSE 0 END) AS neutral, sum(-CASE WHEN o.sentiment_label = 'negative' THEN 1 ELSE 0 END) AS negative, sum(-CASE WHEN coalesce(o.loop_response_override, o.loop_response) IS NOT NULL THEN 1 ELSE 0 END) AS loop_count, sum(-CASE WHEN coalesce(o.loop_response_override, o.loop_response) = 'action_needed' THEN 1 ELSE 0 END) AS action_needed FROM rollup_old_rows o WHERE (1 = 1) AND o.partner_id IS NOT NULL AND o.anonymous = FALSE GROUP BY o.tenant_id, CAST(date_trunc('week', o.given_at) AS DATE), coalesce(o.partner_id, 0), o.source) AS d WHERE d.tenant_id IN (SELECT id FROM tenants) GROUP BY tenant_id, week, partner_id, source HAVING sum(items) <> 0 OR sum(nps_count) <> 0 OR sum(promoters) <> 0 OR sum(detractors) <> 0 OR sum(csat_count) <> 0 OR sum(csat_sum) <> 0 OR sum(rating_count) <> 0 OR sum(rating_sum) <> 0 OR sum(sentiment_count) <> 0 OR sum(sentiment_sum) <> 0 OR sum(positive) <> 0 OR sum(neutral) <> 0 OR sum(negative) <> 0 OR sum(loop_count) <> 0 OR sum(action_needed) <> 0 ORDER BY tenant_id, week, partner_id, source ON CONFLICT (tenant_id, week, partner_id, source) DO UPDATE SET items = r.items + excluded.items, nps_count = r.nps_count + excluded.nps_count, promoters = r.promoters + excluded.promoters, detractors = r.detractors + excluded.detractors, csat_count = r.csat_count + excluded.csat_count, csat_sum = r.csat_sum + excluded.csat_sum, rating_count = r.rating_count + excluded.rating_count, rating_sum = r.rating_sum + excluded.rating_sum, sentiment_count = r.sentiment_count + excluded.sentiment_count, sentiment_sum = r.sentiment_sum + excluded.sentiment_sum, positive = r.positive + excluded.positive, neutral = r.neutral + excluded.neutral, negative = r.negative + excluded.negative, loop_count = r.loop_count + excluded.loop_count, action_needed = r.action_needed + excluded.action_needed; RETURN NULL; END $$;
CREATE FUNCTION public.feedback_rollups_after_insert() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN INSERT INTO feedback_daily_rollups AS r (tenant_id, day, partner_id, source, channel, program_element_id, anonymous, items, nps_count, promoters, detractors, csat_count, csat_sum, rating_count, rating_sum, sentiment_count, sentiment_sum, positive, neutral, negative, loop_count, action_needed) SELECT tenant_id, day, partner_id, source, channel, program_element_id, anonymous, sum(items), sum(nps_count), sum(promoters), sum(detractors), sum(csat_count), sum(csat_sum), sum(rating_count), sum(rating_sum), sum(sentiment_count), sum(sentiment_sum), sum(positive), sum(neutral), sum(negative), sum(loop_count), sum(action_needed) FROM (SELECT n.tenant_id AS tenant_id, CAST(n.given_at AS DATE) AS day, coalesce(n.partner_id, 0) AS partner_id, n.source AS source, n.channel AS channel, coalesce(n.program_element_id, 0) AS program_element_id, n.anonymous AS anonymous, sum(1) AS items, sum(CASE WHEN n.nps IS NOT NULL THEN 1 ELSE 0 END) AS nps_count, sum(CASE WHEN n.nps >= 9 THEN 1 ELSE 0 END) AS promoters, sum(CASE WHEN n.nps <= 6 THEN 1 ELSE 0 END) AS detractors, sum(CASE WHEN n.csat IS NOT NULL THEN 1 ELSE 0 END) AS csat_count, sum(coalesce(n.csat, 0)) AS csat_sum, sum(CASE WHEN n.rating IS NOT NULL THEN 1 ELSE 0 END) AS rating_count, sum(coalesce(n.rating, 0)) AS rating_sum, sum(CASE WHEN n.sentiment_score IS NOT NULL THEN 1 ELSE 0 END) AS sentiment_count, sum(coalesce(n.sentiment_score, 0)) AS sentiment_sum, sum(CASE WHEN n.sentiment_label = 'positive' THEN 1 ELSE 0 END) AS positive, sum(CASE WHEN n.sentiment_label = 'neutral' THEN 1 ELSE 0 END) AS neutral, sum(CASE WHEN n.sentiment_label = 'negative' THEN 1 ELSE 0 END) AS negative, sum(CASE WHEN coalesce(n.loop_response_override, n.loop_response) IS NOT NULL THEN 1 ELSE 0 END) AS loop_count, sum(CASE WHEN coalesce(n.loop_response_override, n.loop_response) = 'action_needed' THEN 1 ELSE 0 END) AS action_needed FROM rollup_new_rows n WHERE (1 = 1) AND 1 = 1 GROUP BY n.tenant_id, CAST(n.given_at AS DATE), coalesce(n.partner_id, 0), n.source, n.channel, coalesce(n.program_element_id, 0), n.anonymous) AS d WHERE d.tenant_id IN (SELECT id FROM tenants) GROUP BY tenant_id, day, partner_id, source, channel, program_element_id, anonymous HAVING sum(items) <> 0 OR sum(nps_count) <> 0 OR sum(promoters) <> 0 OR sum(detractors) <> 0 OR sum(csat_count) <> 0 OR sum(csat_sum) <> 0 OR sum(rating_count) <> 0 OR sum(rating_sum) <> 0 OR sum(sentiment_count) <> 0 OR sum(sentiment_sum) <> 0 OR sum(positive) <> 0 OR sum(neutral) <> 0 OR sum(negative) <> 0 OR sum(loop_count) <> 0 OR sum(action_needed) <> 0 ORDER BY tenant_id, day, partner_id, source, channel, program_element_id, anonymous ON CONFLICT (tenant_id, day, partner_id, source, channel, program_element_id, anonymous) DO UPDATE SET items = r.items + excluded.items, nps_count = r.nps_count + excluded.nps_count, promoters = r.promoters + excluded.promoters, detractors = r.detractors + excluded.detractors, csat_count = r.csat_count + excluded.csat_count, csat_sum = r.csat_sum + excluded.csat_sum, rating_count = r.rating_count + excluded.rating_count, rating_sum = r.rating_sum + excluded.rating_sum, sentiment_count = r.sentiment_count + excluded.sentiment_count, sentiment_sum = r.sentiment_sum + excluded.sentiment_sum, positive = r.positive + excluded.positive, neutral = r.neutral + excluded.neutral, negative = r.negative + excluded.negative, loop_count = r.loop_count + excluded.loop_count, action_needed = r.action_needed + excluded.action_needed; INSERT INTO feedback_program_rollups AS r (tenant_id, day, source, channel, program_element_id, anonymous, items, nps_count, promoters, detractors, csat_count, csat_sum, rating_count, rating_sum, sentiment_count, sentiment_sum, positive, neutral, negative, loop_count, action_needed) SELECT tenant_id, day, source, channel, program_element_id, anonymous, sum(items), sum(nps_count), sum(promoters), sum(detractors), sum(csat_count), sum(csat_sum), sum(rating_count), sum(rating_sum), sum(sentiment_count), sum(sentiment_sum), sum(positive), sum(neutral), sum(negative), sum(loop_count), sum(action_needed) FROM (SELECT n.tenant_id AS tenant_id, CAST(n.given_at AS DATE) AS day, n.source AS source, n.channel AS channel, coalesce(n.program_element_id, 0) AS program_element_id, n.anonymous AS anonymous, sum(1) AS items, sum(CASE WHEN n.nps IS NOT NULL THEN 1 ELSE 0 END) AS nps_count, sum(CASE WHEN n.nps >= 9 THEN 1 ELSE 0 END) AS promoters, sum(CASE WHEN n.nps <= 6 THEN 1 ELSE 0 END) AS detractors, sum(CASE WHEN n.csat IS NOT NULL THEN 1 ELSE 0 END) AS csat_count, sum(coalesce(n.csat, 0)) AS csat_sum, sum(CASE WHEN n.rating IS NOT NULL THEN 1 ELSE 0 END) AS rating_count, sum(coalesce(n.rating, 0)) AS rating_sum, sum(CASE WHEN n.sentiment_score IS NOT NULL THEN 1 ELSE 0 END) AS sentiment_count, sum(coalesce(n.sentiment_score, 0)) AS sentiment_sum, sum(CASE WHEN n.sentiment_label = 'positive' THEN 1 ELSE 0 END) AS positive, sum(CASE WHEN n.sentiment_label = 'neutral' THEN 1 ELSE 0 END) AS neutral, sum(CASE WHEN n.sentiment_label = 'negative' THEN 1 ELSE 0 END) AS negative, sum(CASE WHEN coalesce(n.loop_response_override, n.loop_response) IS NOT NULL THEN 1 ELSE 0 END) AS loop_count, sum(CASE WHEN coalesce(n.loop_response_override, n.loop_response) = 'action_needed' THEN 1 ELSE 0 END) AS action_needed FROM rollup_new_rows n WHERE (1 = 1) AND 1 = 1 GROUP BY n.tenant_id, CAST(n.given_at AS DATE), n.source, n.channel, coalesce(n.program_element_id, 0), n.anonymous) AS d WHERE d.tenant_id IN (SELECT id FROM tenants) GROUP BY tenant_id, day, source, channel, program_element_id, anonymous HAVING sum(items) <> 0 OR sum(nps_count) <> 0 OR sum(promoters) <> 0 OR sum(detractors) <> 0 OR sum(csat_count) <> 0 OR sum(csat_sum) <> 0 OR sum(rating_count) <> 0 OR sum(rating_sum) <> 0 OR sum(sentiment_count) <> 0 OR sum(sentiment_sum) <> 0 OR sum(positive) <> 0 OR sum(neutral) <> 0 OR sum(negative) <> 0 OR sum(loop_count) <> 0 OR sum(action_needed) <> 0 ORDER BY tenant_id, day, source, channel, program_element_id, anonymous ON CONFLICT (tenant_id, day, source, channel, program_element_id, anonymous) DO UPDATE SET items = r.items + excluded.items, nps_count = r.nps_count + excluded.nps_count, promoters = r.promoters + excluded.promoters, detractors = r.detractors + excluded.detractors, csat_count = r.csat_count + excluded.csat_count, csat_sum = r.csat_sum + excluded.csat_sum, rating_count = r.rating_count + excluded.rating_count, rating_sum = r.rating_sum + excluded.rating_sum, sentiment_count = r.sentiment_count + excluded.sentiment_count, sentiment_sum = r.sentiment_sum + excluded.sentiment_sum, positive = r.positive + excluded.positive, neutral = r.neutral + excluded.neutral, negative = r.negative + excluded.negative, loop_count = r.loop_count + excluded.loop_count, action_needed = r.action_needed + excluded.action_needed; INSERT INTO feedback_weekly_partner_rollups AS r (tenant_id, week, partner_id, source, items, nps_count, promoters, detractors, csat_count, csat_sum, rating_count, rating_sum, sentiment_count, sentiment_sum, positive, neutral, negative, loop_count, action_needed) SELECT tenant_id, week, partner_id, source, sum(items), sum(nps_count), sum(promoters), sum(detractors), sum(csat_count), sum(csat_sum), sum(rating_count), sum(rating_sum), sum(sentiment_count), sum(sentiment_sum), sum(positive), sum(neutral), sum(negative), sum(loop_count), sum(action_needed) FROM (SELECT n.tenant_id AS tenant_id, CAST(date_trunc('week', n.given_at) AS DATE) AS week, coalesce(n.partner_id, 0) AS partner_id, n.source AS source, sum(1) AS items, sum(CASE WHEN n.nps IS NOT NULL THEN 1 ELSE 0 END) AS nps_count, sum(CASE WHEN n.nps >= 9 THEN 1 ELSE 0 END) AS promoters, sum(CASE WHEN n.nps <= 6 THEN 1 ELSE 0 END) AS detractors, sum(CASE WHEN n.csat IS NOT NULL THEN 1 ELSE 0 END) AS csat_count, sum(coalesce(n.csat, 0)) AS csat_sum, sum(CASE WHEN n.rating IS NOT NULL THEN 1 ELSE 0 END) AS rating_count, sum(coalesce(n.rating, 0)) AS rating_sum, sum(CASE WHEN n.sentiment_score IS NOT NULL THEN 1 ELSE 0 END) AS sentiment_count, sum(coalesce(n.sentiment_score, 0)) AS sentiment_sum, sum(CASE WHEN n.sentiment_label = 'positive' THEN 1 ELSE 0 END) AS positive, sum(CASE WHEN n.sentiment_label = 'neutral' THEN 1 ELSE 0 END) AS neutral, sum(CASE WHEN n.sentiment_label = 'negative' THEN 1 ELSE 0 END) AS negative, sum(CASE WHEN coalesce(n.loop_response_override, n.loop_response) IS NOT NULL THEN 1 ELSE 0 END) AS loop_count, sum(CASE WHEN coalesce(n.loop_response_override, n.loop_response) = 'action_needed' THEN 1 ELSE 0 END) AS action_needed FROM rollup_new_rows n WHERE (1 = 1) AND n.partner_id IS NOT NULL AND n.anonymous = FALSE GROUP BY n.tenant_id, CAST(date_trunc('week', n.given_at) AS DATE), coalesce(n.partner_id, 0), n.source) AS d WHERE d.tenant_id IN (SELECT id FROM tenants) GROUP BY tenant_id, week, partner_id, source HAVING sum(items) <> 0 OR sum(nps_count) <> 0 OR sum(promoters) <> 0 OR sum(detractors) <> 0 OR sum(csat_count) <> 0 OR sum(csat_sum) <> 0 OR sum(rating_count) <> 0 OR sum(rating_sum) <> 0 OR sum(sentiment_count) <> 0 OR sum(sentiment_sum) <> 0 OR sum(positive) <> 0 OR sum(neutral) <> 0 OR sum(negative) <> 0 OR sum(loop_count) <> 0 OR sum(action_needed) <> 0 ORDER BY tenant_id, week, partner_id, source ON CONFLICT (tenant_id, week, partner_id, source) DO UPDATE SET items = r.items + excluded.items, nps_count = r.nps_count + excluded.nps_count, promoters = r.promoters + excluded.promoters, detractors = r.detractors + excluded.detractors, csat_count = r.csat_count + excluded.csat_count, csat_sum = r.csat_sum + excluded.csat_sum, rating_count = r.rating_count + excluded.rating_count, rating_sum = r.rating_sum + excluded.rating_sum, sentiment_count = r.sentiment_count + excluded.sentiment_count, sentiment_sum = r.sentiment_sum + excluded.sentiment_sum, positive = r.positive + excluded.positive, neutral = r.neutral + excluded.neutral, negative = r.negative + excluded.negative, loop_count = r.loop_count + excluded.loop_count, action_needed = r.action_needed + excluded.action_needed; RETURN NULL; END $$;
CREATE FUNCTION public.feedback_rollups_after_update() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN INSERT INTO feedback_daily_rollups AS r (tenant_id, day, partner_id, source, channel, program_element_id, anonymous, items, nps_count, promoters, detractors, csat_count, csat_sum, rating_count, rating_sum, sentiment_count, sentiment_sum, positive, neutral, negative, loop_count, action_needed) SELECT tenant_id, day, partner_id, source, channel, program_element_id, anonymous, sum(items), sum(nps_count), sum(promoters), sum(detractors), sum(csat_count), sum(csat_sum), sum(rating_count), sum(rating_sum), sum(sentiment_count), sum(sentiment_sum), sum(positive), sum(neutral), sum(negative), sum(loop_count), sum(action_needed) FROM (SELECT n.tenant_id AS tenant_id, CAST(n.given_at AS DATE) AS day, coalesce(n.partner_id, 0) AS partner_id, n.source AS source, n.channel AS channel, coalesce(n.program_element_id, 0) AS program_element_id, n.anonymous AS anonymous, sum(1) AS items, sum(CASE WHEN n.nps IS NOT NULL THEN 1 ELSE 0 END) AS nps_count, sum(CASE WHEN n.nps >= 9 THEN 1 ELSE 0 END) AS promoters, sum(CASE WHEN n.nps <= 6 THEN 1 ELSE 0 END) AS detractors, sum(CASE WHEN n.csat IS NOT NULL THEN 1 ELSE 0 END) AS csat_count, sum(coalesce(n.csat, 0)) AS csat_sum, sum(CASE WHEN n.rating IS NOT NULL THEN 1 ELSE 0 END) AS rating_count, sum(coalesce(n.rating, 0)) AS rating_sum, sum(CASE WHEN n.sentiment_score IS NOT NULL THEN 1 ELSE 0 END) AS sentiment_count, sum(coalesce(n.sentiment_score, 0)) AS sentiment_sum, sum(CASE WHEN n.sentiment_label = 'positive' THEN 1 ELSE 0 END) AS positive, sum(CASE WHEN n.sentiment_label = 'neutral' THEN 1 ELSE 0 END) AS neutral, sum(CASE WHEN n.sentiment_label = 'negative' THEN 1 ELSE 0 END) AS negative, sum(CASE WHEN coalesce(n.loop_response_override, n.loop_response) IS NOT NULL THEN 1 ELSE 0 END) AS loop_count, sum(CASE WHEN coalesce(n.loop_response_override, n.loop_response) = 'action_needed' THEN 1 ELSE 0 END) AS action_needed FROM rollup_new_rows n WHERE (1 = 1) AND 1 = 1 GROUP BY n.tenant_id, CAST(n.given_at AS DATE), coalesce(n.partner_id, 0), n.source, n.channel, coalesce(n.program_element_id, 0), n.anonymous UNION ALL SELECT o.tenant_id AS tenant_id, CAST(o.given_at AS DATE) AS day, coalesce(o.partner_id, 0) AS partner_id, o.source AS source, o.channel AS channel, coalesce(o.program_element_id, 0) AS program_element_id, o.anonymous AS anonymous, sum(-1) AS items, sum(-CASE WHEN o.nps IS NOT NULL THEN 1 ELSE 0 END) AS nps_count, sum(-CASE WHEN o.nps >= 9 THEN 1 ELSE 0 END) AS promoters, sum(-CASE WHEN o.nps <= 6 THEN 1 ELSE 0 END) AS detractors, sum(-CASE WHEN o.csat IS NOT NULL THEN 1 ELSE 0 END) AS csat_count, sum(-coalesce(o.csat, 0)) AS csat_sum, sum(-CASE WHEN o.rating IS NOT NULL THEN 1 ELSE 0 END) AS rating_count, sum(-coalesce(o.rating, 0)) AS rating_sum, sum(-CASE WHEN o.sentiment_score IS NOT NULL THEN 1 ELSE 0 END) AS sentiment_count, sum(-coalesce(o.sentiment_score, 0)) AS sentiment_sum, sum(-CASE WHEN o.sentiment_label = 'positive' THEN 1 ELSE 0 END) AS positive, sum(-CASE WHEN o.sentiment_label = 'neutral' THEN 1 ELSE 0 END) AS neutral, sum(-CASE WHEN o.sentiment_label = 'negative' THEN 1 ELSE 0 END) AS negative, sum(-CASE WHEN coalesce(o.loop_response_override, o.loop_response) IS NOT NULL THEN 1 ELSE 0 END) AS loop_count, sum(-CASE WHEN coalesce(o.loop_response_override, o.loop_response) = 'action_needed' THEN 1 ELSE 0 END) AS action_needed FROM rollup_old_rows o WHERE (1 = 1) AND 1 = 1 GROUP BY o.tenant_id, CAST(o.given_at AS DATE), coalesce(o.partner_id, 0), o.source, o.channel, coalesce(o.program_element_id, 0), o.anonymous) AS d WHERE d.tenant_id IN (SELECT id FROM tenants) GROUP BY tenant_id, day, partner_id, source, channel, program_element_id, anonymous HAVING sum(items) <> 0 OR sum(nps_count) <> 0 OR sum(promoters) <> 0 OR sum(detractors) <> 0 OR sum(csat_count) <> 0 OR sum(csat_sum) <> 0 OR sum(rating_count) <> 0 OR sum(rating_sum) <> 0 OR sum(sentiment_count) <> 0 OR sum(sentiment_sum) <> 0 OR sum(positive) <> 0 OR sum(neutral) <> 0 OR sum(negative) <> 0 OR sum(loop_count) <> 0 OR sum(action_needed) <> 0 ORDER BY tenant_id, day, partner_id, source, channel, program_element_id, anonymous ON CONFLICT (tenant_id, day, partner_id, source, channel, program_element_id, anonymous) DO UPDATE SET items = r.items + excluded.items, nps_count = r.nps_count + excluded.nps_count, promoters = r.promoters + excluded.promoters, detractors = r.detractors + excluded.detractors, csat_count = r.csat_count + excluded.csat_count, csat_sum = r.csat_sum + excluded.csat_sum, rating_count = r.rating_count + excluded.rating_count, rating_sum = r.rating_sum + excluded.rating_sum, sentiment_count = r.sentiment_count + excluded.sentiment_count, sentiment_sum = r.sentiment_sum + excluded.sentiment_sum, positive = r.positive + excluded.positive, neutral = r.neutral + excluded.neutral, negative = r.negative + excluded.negative, loop_count = r.loop_count + excluded.loop_count, action_needed = r.action_needed + excluded.action_needed; INSERT INTO feedback_program_rollups AS r (tenant_id, day, source, channel, program_element_id, anonymous, items, nps_count, promoters, detractors, csat_count, csat_sum, rating_count, rating_sum, sentiment_count, sentiment_sum, positive, neutral, negative, loop_count, action_needed) SELECT tenant_id, day, source, channel, program_element_id, anonymous, sum(items), sum(nps_count), sum(promoters), sum(detractors), sum(csat_count), sum(csat_sum), sum(rating_count), sum(rating_sum), sum(sentiment_count), sum(sentiment_sum), sum(positive), sum(neutral), sum(negative), sum(loop_count), sum(action_needed) FROM (SELECT n.tenant_id AS tenant_id, CAST(n.given_at AS DATE) AS day, n.source AS source, n.channel AS channel, coalesce(n.program_element_id, 0) AS program_element_id, n.anonymous AS anonymous, sum(1) AS items, sum(CASE WHEN n.nps IS NOT NULL THEN 1 ELSE 0 END) AS nps_count, sum(CASE WHEN n.nps >= 9 THEN 1 ELSE 0 END) AS promoters, sum(CASE WHEN n.nps <= 6 THEN 1 ELSE 0 END) AS detractors, sum(CASE WHEN n.csat IS NOT NULL THEN 1 ELSE 0 END) AS csat_count, sum(coalesce(n.csat, 0)) AS csat_sum, sum(CASE WHEN n.rating IS NOT NULL THEN 1 ELSE 0 END) AS rating_count, sum(coalesce(n.rating, 0)) AS rating_sum, sum(CASE WHEN n.sentiment_score IS NOT NULL THEN 1 ELSE 0 END) AS sentiment_count, sum(coalesce(n.sentiment_score, 0)) AS sentiment_sum, sum(CASE WHEN n.sentiment_label = 'positive' THEN 1 ELSE 0 END) AS positive, sum(CASE WHEN n.sentiment_label = 'neutral' THEN 1 ELSE 0 END) AS neutral, sum(CASE WHEN n.sentiment_label = 'negative' THEN 1 ELSE 0 END) AS negative, sum(CASE WHEN coalesce(n.loop_response_override, n.loop_response) IS NOT NULL THEN 1 ELSE 0 END) AS loop_count, sum(CASE WHEN coalesce(n.loop_response_override, n.loop_response) = 'action_needed' THEN 1 ELSE 0 END) AS action_needed FROM rollup_new_rows n WHERE (1 = 1) AND 1 = 1 GROUP BY n.tenant_id, CAST(n.given_at AS DATE), n.source, n.channel, coalesce(n.program_element_id, 0), n.anonymous UNION ALL SELECT o.tenant_id AS tenant_id, CAST(o.given_at AS DATE) AS day, o.source AS source, o.channel AS channel, coalesce(o.program_element_id, 0) AS program_element_id, o.anonymous AS anonymous, sum(-1) AS items, sum(-CASE WHEN o.nps IS NOT NULL THEN 1 ELSE 0 END) AS nps_count, sum(-CASE WHEN o.nps >= 9 THEN 1 ELSE 0 END) AS promoters, sum(-CASE WHEN o.nps <= 6 THEN 1 ELSE 0 END) AS detractors, sum(-CASE WHEN o.csat IS NOT NULL THEN 1 ELSE 0 END) AS csat_count, sum(-coalesce(o.csat, 0)) AS csat_sum, sum(-CASE WHEN o.rating IS NOT NULL THEN 1 ELSE 0 END) AS rating_count, sum(-coalesce(o.rating, 0)) AS rating_sum, sum(-CASE WHEN o.sentiment_score IS NOT NULL THEN 1 ELSE 0 END) AS sentiment_count, sum(-coalesce(o.sentiment_score, 0)) AS sentiment_sum, sum(-CASE WHEN o.sentiment_label = 'positive' THEN 1 ELSE 0 END) AS positive, sum(-CASE WHEN o.sentiment_label = 'neutral' THEN 1 ELSE 0 END) AS neutral, sum(-CASE WHEN o.sentiment_label = 'negative' THEN 1 ELSE 0 END) AS negative, sum(-CASE WHEN coalesce(o.loop_response_override, o.loop_response) IS NOT NULL THEN 1 ELSE 0 END) AS loop_count, sum(-CASE WHEN coalesce(o.loop_response_override, o.loop_response) = 'action_needed' THEN 1 ELSE 0 END) AS action_needed FROM rollup_old_rows o WHERE (1 = 1) AND 1 = 1 GROUP BY o.tenant_id, CAST(o.given_at AS DATE), o.source, o.channel, coalesce(o.program_element_id, 0), o.anonymous) AS d WHERE d.tenant_id IN (SELECT id FROM tenants) GROUP BY tenant_id, day, source, channel, program_element_id, anonymous HAVING sum(items) <> 0 OR sum(nps_count) <> 0 OR sum(promoters) <> 0 OR sum(detractors) <> 0 OR sum(csat_count) <> 0 OR sum(csat_sum) <> 0 OR sum(rating_count) <> 0 OR sum(rating_sum) <> 0 OR sum(sentiment_count) <> 0 OR sum(sentiment_sum) <> 0 OR sum(positive) <> 0 OR sum(neutral) <> 0 OR sum(negative) <> 0 OR sum(loop_count) <> 0 OR sum(action_needed) <> 0 ORDER BY tenant_id, day, source, channel, program_element_id, anonymous ON CONFLICT (tenant_id, day, source, channel, program_element_id, anonymous) DO UPDATE SET items = r.items + excluded.items, nps_count = r.nps_count + excluded.nps_count, promoters = r.promoters + excluded.promoters, detractors = r.detractors + excluded.detractors, csat_count = r.csat_count + excluded.csat_count, csat_sum = r.csat_sum + excluded.csat_sum, rating_count = r.rating_count + excluded.rating_count, rating_sum = r.rating_sum + excluded.rating_sum, sentiment_count = r.sentiment_count + excluded.sentiment_count, sentiment_sum = r.sentiment_sum + excluded.sentiment_sum, positive = r.positive + excluded.positive, neutral = r.neutral + excluded.neutral, negative = r.negative + excluded.negative, loop_count = r.loop_count + excluded.loop_count, action_needed = r.action_needed + excluded.action_needed; INSERT INTO feedback_weekly_partner_rollups AS r (tenant_id, week, partner_id, source, items, nps_count, promoters, detractors, csat_count, csat_sum, rating_count, rating_sum, sentiment_count, sentiment_sum, positive, neutral, negative, loop_count, action_needed) SELECT tenant_id, week, partner_id, source, sum(items), sum(nps_count), sum(promoters), sum(detractors), sum(csat_count), sum(csat_sum), sum(rating_count), sum(rating_sum), sum(sentiment_count), sum(sentiment_sum), sum(positive), sum(neutral), sum(negative), sum(loop_count), sum(action_needed) FROM (SELECT n.tenant_id AS tenant_id, CAST(date_trunc('week', n.given_at) AS DATE) AS week, coalesce(n.partner_id, 0) AS partner_id, n.source AS source, sum(1) AS items, sum(CASE WHEN n.nps IS NOT NULL THEN 1 ELSE 0 END) AS nps_count, sum(CASE WHEN n.nps >= 9 THEN 1 ELSE 0 END) AS promoters, sum(CASE WHEN n.nps <= 6 THEN 1 ELSE 0 END) AS detractors, sum(CASE WHEN n.csat IS NOT NULL THEN 1 ELSE 0 END) AS csat_count, sum(coalesce(n.csat, 0)) AS csat_sum, sum(CASE WHEN n.rating IS NOT NULL THEN 1 ELSE 0 END) AS rating_count, sum(coalesce(n.rating, 0)) AS rating_sum, sum(CASE WHEN n.sentiment_score IS NOT NULL THEN 1 ELSE 0 END) AS sentiment_count, sum(coalesce(n.sentiment_score, 0)) AS sentiment_sum, sum(CASE WHEN n.sentiment_label = 'positive' THEN 1 ELSE 0 END) AS positive, sum(CASE WHEN n.sentiment_label = 'neutral' THEN 1 ELSE 0 END) AS neutral, sum(CASE WHEN n.sentiment_label = 'negative' THEN 1 ELSE 0 END) AS negative, sum(CASE WHEN coalesce(n.loop_response_override, n.loop_response) IS NOT NULL THEN 1 ELSE 0 END) AS loop_count, sum(CASE WHEN coalesce(n.loop_response_override, n.loop_response) = 'action_needed' THEN 1 ELSE 0 END) AS action_needed FROM rollup_new_rows n WHERE (1 = 1) AND n.partner_id IS NOT NULL AND n.anonymous = FALSE GROUP BY n.tenant_id, CAST(date_trunc('week', n.given_at) AS DATE), coalesce(n.partner_id, 0), n.source UNION ALL SELECT o.tenant_id AS tenant_id, CAST(date_trunc('week', o.given_at) AS DATE) AS week, coalesce(o.partner_id, 0) AS partner_id, o.source AS source, sum(-1) AS items, sum(-CASE WHEN o.nps IS NOT NULL THEN 1 ELSE 0 END) AS nps_count, sum(-CASE WHEN o.nps >= 9 THEN 1 ELSE 0 END) AS promoters, sum(-CASE WHEN o.nps <= 6 THEN 1 ELSE 0 END) AS detractors, sum(-CASE WHEN o.csat IS NOT NULL THEN 1 ELSE 0 END) AS csat_count, sum(-coalesce(o.csat, 0)) AS csat_sum, sum(-CASE WHEN o.rating IS NOT NULL THEN 1 ELSE 0 END) AS rating_count, sum(-coalesce(o.rating, 0)) AS rating_sum, sum(-CASE WHEN o.sentiment_score IS NOT NULL THEN 1 ELSE 0 END) AS sentiment_count, sum(-coalesce(o.sentiment_score, 0)) AS sentiment_sum, sum(-CASE WHEN o.sentiment_label = 'positive' THEN 1 ELSE 0 END) AS positive, sum(-CASE WHEN o.sentiment_label = 'neutral' THEN 1 ELSE 0 END) AS neutral, sum(-CASE WHEN o.sentiment_label = 'negative' THEN 1 ELSE 0 END) AS negative, sum(-CASE WHEN coalesce(o.loop_response_override, o.loop_response) IS NOT NULL THEN 1 ELSE 0 END) AS loop_count, sum(-CASE WHEN coalesce(o.loop_response_override, o.loop_response) = 'action_needed' THEN 1 ELSE 0 END) AS action_needed FROM rollup_old_rows o WHERE (1 = 1) AND o.partner_id IS NOT NULL AND o.anonymous = FALSE GROUP BY o.tenant_id, CAST(date_trunc('week', o.given_at) AS DATE), coalesce(o.partner_id, 0), o.source) AS d WHERE d.tenant_id IN (SELECT id FROM tenants) GROUP BY tenant_id, week, partner_id, source HAVING sum(items) <> 0 OR sum(nps_count) <> 0 OR sum(promoters) <> 0 OR sum(detractors) <> 0 OR sum(csat_count) <> 0 OR sum(csat_sum) <> 0 OR sum(rating_count) <> 0 OR sum(rating_sum) <> 0 OR sum(sentiment_count) <> 0 OR sum(sentiment_sum) <> 0 OR sum(positive) <> 0 OR sum(neutral) <> 0 OR sum(negative) <> 0 OR sum(loop_count) <> 0 OR sum(action_needed) <> 0 ORDER BY tenant_id, week, partner_id, source ON CONFLICT (tenant_id, week, partner_id, source) DO UPDATE SET items = r.items + excluded.items, nps_count = r.nps_count + excluded.nps_count, promoters = r.promoters + excluded.promoters, detractors = r.detractors + excluded.detractors, csat_count = r.csat_count + excluded.csat_count, csat_sum = r.csat_sum + excluded.csat_sum, rating_count = r.rating_count + excluded.rating_count, rating_sum = r.rating_sum + excluded.rating_sum, sentiment_count = r.sentiment_count + excluded.sentiment_count, sentiment_sum = r.sentiment_sum + excluded.sentiment_sum, positive = r.positive + excluded.positive, neutral = r.neutral + excluded.neutral, negative = r.negative + excluded.negative, loop_count = r.loop_count + excluded.loop_count, action_needed = r.action_needed + excluded.action_needed; RETURN NULL; END $$;
CREATE FUNCTION public.theme_rollups_after_delete() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN INSERT INTO theme_daily_rollups AS r (tenant_id, day, theme_id, anonymous, items, negative) SELECT tenant_id, day, theme_id, anonymous, sum(items), sum(negative) FROM (SELECT o.tenant_id AS tenant_id, CAST(o.given_at AS DATE) AS day, o.theme_id AS theme_id, o.anonymous AS anonymous, sum(-1) AS items, sum(-CASE WHEN o.negative = TRUE THEN 1 ELSE 0 END) AS negative FROM rollup_old_rows o WHERE (1 = 1) AND o.suppressed = FALSE GROUP BY o.tenant_id, CAST(o.given_at AS DATE), o.theme_id, o.anonymous) AS d WHERE d.tenant_id IN (SELECT id FROM tenants) GROUP BY tenant_id, day, theme_id, anonymous HAVING sum(items) <> 0 OR sum(negative) <> 0 ORDER BY tenant_id, day, theme_id, anonymous ON CONFLICT (tenant_id, day, theme_id, anonymous) DO UPDATE SET items = r.items + excluded.items, negative = r.negative + excluded.negative; RETURN NULL; END $$;
CREATE FUNCTION public.theme_rollups_after_insert() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN INSERT INTO theme_daily_rollups AS r (tenant_id, day, theme_id, anonymous, items, negative) SELECT tenant_id, day, theme_id, anonymous, sum(items), sum(negative) FROM (SELECT n.tenant_id AS tenant_id, CAST(n.given_at AS DATE) AS day, n.theme_id AS theme_id, n.anonymous AS anonymous, sum(1) AS items, sum(CASE WHEN n.negative = TRUE THEN 1 ELSE 0 END) AS negative FROM rollup_new_rows n WHERE (1 = 1) AND n.suppressed = FALSE GROUP BY n.tenant_id, CAST(n.given_at AS DATE), n.theme_id, n.anonymous) AS d WHERE d.tenant_id IN (SELECT id FROM tenants) GROUP BY tenant_id, day, theme_id, anonymous HAVING sum(items) <> 0 OR sum(negative) <> 0 ORDER BY tenant_id, day, theme_id, anonymous ON CONFLICT (tenant_id, day, theme_id, anonymous) DO UPDATE SET items = r.items + excluded.items, negative = r.negative + excluded.negative; RETURN NULL; END $$;
CREATE FUNCTION public.theme_rollups_after_update() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN INSERT INTO theme_daily_rollups AS r (tenant_id, day, theme_id, anonymous, items, negative) SELECT tenant_id, day, theme_id, anonymous, sum(items), sum(negative) FROM (SELECT n.tenant_id AS tenant_id, CAST(n.given_at AS DATE) AS day, n.theme_id AS theme_id, n.anonymous AS anonymous, sum(1) AS items, sum(CASE WHEN n.negative = TRUE THEN 1 ELSE 0 END) AS negative FROM rollup_new_rows n WHERE (1 = 1) AND n.suppressed = FALSE GROUP BY n.tenant_id, CAST(n.given_at AS DATE), n.theme_id, n.anonymous UNION ALL SELECT o.tenant_id AS tenant_id, CAST(o.given_at AS DATE) AS day, o.theme_id AS theme_id, o.anonymous AS anonymous, sum(-1) AS items, sum(-CASE WHEN o.negative = TRUE THEN 1 ELSE 0 END) AS negative FROM rollup_old_rows o WHERE (1 = 1) AND o.suppressed = FALSE GROUP BY o.tenant_id, CAST(o.given_at AS DATE), o.theme_id, o.anonymous) AS d WHERE d.tenant_id IN (SELECT id FROM tenants) GROUP BY tenant_id, day, theme_id, anonymous HAVING sum(items) <> 0 OR sum(negative) <> 0 ORDER BY tenant_id, day, theme_id, anonymous ON CONFLICT (tenant_id, day, theme_id, anonymous) DO UPDATE SET items = r.items + excluded.items, negative = r.negative + excluded.negative; RETURN NULL; END $$;
CREATE TABLE public.alembic_version (
    version_num character varying(32) NOT NULL
);
CREATE TABLE public.api_idempotency_keys (
    id integer NOT NULL,
    key character varying(255) NOT NULL,
    request_fingerprint character varying(64) NOT NULL,
    response_status integer NOT NULL,
    response_body text NOT NULL,
    created_at timestamp without time zone NOT NULL,
    tenant_id integer NOT NULL
);
ALTER TABLE ONLY public.api_idempotency_keys FORCE ROW LEVEL SECURITY;
CREATE SEQUENCE public.api_idempotency_keys_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.api_idempotency_keys_id_seq OWNED BY public.api_idempotency_keys.id;
CREATE TABLE public.api_tokens (
    id integer NOT NULL,
    name character varying(80) NOT NULL,
    token_hash character varying(64) NOT NULL,
    hint character varying(8) NOT NULL,
    scopes character varying(60) NOT NULL,
    created_by_id integer,
    created_at timestamp without time zone NOT NULL,
    last_used_at timestamp without time zone,
    revoked_at timestamp without time zone,
    tenant_id integer NOT NULL
);
ALTER TABLE ONLY public.api_tokens FORCE ROW LEVEL SECURITY;
CREATE SEQUENCE public.api_tokens_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.api_tokens_id_seq OWNED BY public.api_tokens.id;
CREATE TABLE public.audit_entries (
    id integer NOT NULL,
    created_at timestamp without time zone NOT NULL,
    actor_id integer,
    actor_label character varying(254) NOT NULL,
    object_type character varying(40) NOT NULL,
    object_id integer NOT NULL,
    object_label character varying(200) NOT NULL,
    action character varying(32) NOT NULL,
    changes json NOT NULL,
    tenant_id integer NOT NULL
);
ALTER TABLE ONLY public.audit_entries FORCE ROW LEVEL SECURITY;
CREATE SEQUENCE public.audit_entries_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.audit_entries_id_seq OWNED BY public.audit_entries.id;
CREATE TABLE public.automation_rules (
    id integer NOT NULL,
    name character varying(120) NOT NULL,
    active boolean NOT NULL,
    source character varying(32),
    channel character varying(32),
    nps_detractor boolean NOT NULL,
    nps_promoter boolean NOT NULL,
    csat_at_most integer,
    negative_sentiment boolean NOT NULL,
    action_needed boolean NOT NULL,
    category_id integer,
    tier_id integer,
    region character varying(60) NOT NULL,
    assign_to character varying(32) NOT NULL,
    owner_id integer,
    due_in_days integer NOT NULL,
    priority character varying(32) NOT NULL,
    created_by_id integer,
    created_at timestamp without time zone NOT NULL,
    tenant_id integer NOT NULL
);
ALTER TABLE ONLY public.automation_rules FORCE ROW LEVEL SECURITY;
CREATE SEQUENCE public.automation_rules_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.automation_rules_id_seq OWNED BY public.automation_rules.id;
CREATE TABLE public.customer_contacts (
    id integer NOT NULL,
    email character varying(254) NOT NULL,
    name character varying(120) NOT NULL,
    company character varying(120) NOT NULL,
    created_at timestamp without time zone NOT NULL,
    partner_id integer,
    tenant_id integer NOT NULL
);
ALTER TABLE ONLY public.customer_contacts FORCE ROW LEVEL SECURITY;
CREATE SEQUENCE public.customer_contacts_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.customer_contacts_id_seq OWNED BY public.customer_contacts.id;
CREATE TABLE public.feedback_categories (
    id integer NOT NULL,
    name character varying(80) NOT NULL,
    "position" integer NOT NULL,
    tenant_id integer NOT NULL
);
ALTER TABLE ONLY public.feedback_categories FORCE ROW LEVEL SECURITY;
CREATE SEQUENCE public.feedback_categories_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.feedback_categories_id_seq OWNED BY public.feedback_categories.id;
CREATE TABLE public.feedback_daily_rollups (
    id integer NOT NULL,
    day date NOT NULL,
    partner_id integer DEFAULT 0 NOT NULL,
    source character varying(32) NOT NULL,
    channel character varying(32) NOT NULL,
    program_element_id integer DEFAULT 0 NOT NULL,
    anonymous boolean NOT NULL,
    items integer DEFAULT 0 NOT NULL,
    nps_count integer DEFAULT 0 NOT NULL,
    promoters integer DEFAULT 0 NOT NULL,
    detractors integer DEFAULT 0 NOT NULL,
    csat_count integer DEFAULT 0 NOT NULL,
    csat_sum integer DEFAULT 0 NOT NULL,
    rating_count integer DEFAULT 0 NOT NULL,
    rating_sum integer DEFAULT 0 NOT NULL,
    sentiment_count integer DEFAULT 0 NOT NULL,
    sentiment_sum double precision DEFAULT 0 NOT NULL,
    positive integer DEFAULT 0 NOT NULL,
    neutral integer DEFAULT 0 NOT NULL,
    negative integer DEFAULT 0 NOT NULL,
    loop_count integer DEFAULT 0 NOT NULL,
    action_needed integer DEFAULT 0 NOT NULL,
    tenant_id integer NOT NULL
);
ALTER TABLE ONLY public.feedback_daily_rollups FORCE ROW LEVEL SECURITY;
CREATE SEQUENCE public.feedback_daily_rollups_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.feedback_daily_rollups_id_seq OWNED BY public.feedback_daily_rollups.id;
CREATE TABLE public.feedback_items (
    id integer NOT NULL,
    source character varying(32) NOT NULL,
    channel character varying(32) NOT NULL,
    status character varying(32) NOT NULL,
    author_id integer,
    contact_id integer,
    submitter_name character varying(120) NOT NULL,
    submitter_email character varying(254) NOT NULL,
    program_element_id integer,
    category_id integer,
    nps integer,
    csat integer,
    rating integer,
    text text NOT NULL,
    link_url character varying(2000) NOT NULL,
    language character varying(16) NOT NULL,
    anonymous boolean NOT NULL,
    given_at timestamp without time zone NOT NULL,
    recorded_at timestamp without time zone NOT NULL,
    external_id character varying(200),
    dedupe_key character varying(250),
    sentiment_score double precision,
    sentiment_label character varying(32),
    loop_response character varying(32),
    loop_response_override character varying(32),
    partner_id integer,
    tenant_id integer NOT NULL,
    CONSTRAINT ck_feedback_items_csat_range CHECK (((csat IS NULL) OR ((csat >= 1) AND (csat <= 5)))),
    CONSTRAINT ck_feedback_items_nps_range CHECK (((nps IS NULL) OR ((nps >= 0) AND (nps <= 10)))),
    CONSTRAINT ck_feedback_items_rating_range CHECK (((rating IS NULL) OR ((rating >= 1) AND (rating <= 5))))
);
ALTER TABLE ONLY public.feedback_items FORCE ROW LEVEL SECURITY;
CREATE SEQUENCE public.feedback_items_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.feedback_items_id_seq OWNED BY public.feedback_items.id;
CREATE TABLE public.feedback_program_rollups (
    id integer NOT NULL,
    day date NOT NULL,
    source character varying(32) NOT NULL,
    channel character varying(32) NOT NULL,
    program_element_id integer DEFAULT 0 NOT NULL,
    anonymous boolean NOT NULL,
    items integer DEFAULT 0 NOT NULL,
    nps_count integer DEFAULT 0 NOT NULL,
    promoters integer DEFAULT 0 NOT NULL,
    detractors integer DEFAULT 0 NOT NULL,
    csat_count integer DEFAULT 0 NOT NULL,
    csat_sum integer DEFAULT 0 NOT NULL,
    rating_count integer DEFAULT 0 NOT NULL,
    rating_sum integer DEFAULT 0 NOT NULL,
    sentiment_count integer DEFAULT 0 NOT NULL,
    sentiment_sum double precision DEFAULT 0 NOT NULL,
    positive integer DEFAULT 0 NOT NULL,
    neutral integer DEFAULT 0 NOT NULL,
    negative integer DEFAULT 0 NOT NULL,
    loop_count integer DEFAULT 0 NOT NULL,
    action_needed integer DEFAULT 0 NOT NULL,
    tenant_id integer NOT NULL
);
ALTER TABLE ONLY public.feedback_program_rollups FORCE ROW LEVEL SECURITY;
CREATE SEQUENCE public.feedback_program_rollups_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.feedback_program_rollups_id_seq OWNED BY public.feedback_program_rollups.id;
CREATE TABLE public.feedback_themes (
    id integer NOT NULL,
    feedback_item_id integer NOT NULL,
    theme_id integer NOT NULL,
    source character varying(32) NOT NULL,
    suppressed boolean NOT NULL,
    created_at timestamp without time zone NOT NULL,
    given_at timestamp without time zone NOT NULL,
    negative boolean NOT NULL,
    anonymous boolean NOT NULL,
    tenant_id integer NOT NULL
);
ALTER TABLE ONLY public.feedback_themes FORCE ROW LEVEL SECURITY;
CREATE SEQUENCE public.feedback_themes_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.feedback_themes_id_seq OWNED BY public.feedback_themes.id;
CREATE TABLE public.feedback_weekly_partner_rollups (
    id integer NOT NULL,
    week date NOT NULL,
    partner_id integer DEFAULT 0 NOT NULL,
    source character varying(32) NOT NULL,
    items integer DEFAULT 0 NOT NULL,
    nps_count integer DEFAULT 0 NOT NULL,
    promoters integer DEFAULT 0 NOT NULL,
    detractors integer DEFAULT 0 NOT NULL,
    csat_count integer DEFAULT 0 NOT NULL,
    csat_sum integer DEFAULT 0 NOT NULL,
    rating_count integer DEFAULT 0 NOT NULL,
    rating_sum integer DEFAULT 0 NOT NULL,
    sentiment_count integer DEFAULT 0 NOT NULL,
    sentiment_sum double precision DEFAULT 0 NOT NULL,
    positive integer DEFAULT 0 NOT NULL,
    neutral integer DEFAULT 0 NOT NULL,
    negative integer DEFAULT 0 NOT NULL,
    loop_count integer DEFAULT 0 NOT NULL,
    action_needed integer DEFAULT 0 NOT NULL,
    tenant_id integer NOT NULL
);
ALTER TABLE ONLY public.feedback_weekly_partner_rollups FORCE ROW LEVEL SECURITY;
CREATE SEQUENCE public.feedback_weekly_partner_rollups_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.feedback_weekly_partner_rollups_id_seq OWNED BY public.feedback_weekly_partner_rollups.id;
CREATE TABLE public.follow_up_activities (
    id integer NOT NULL,
    follow_up_id integer NOT NULL,
    kind character varying(32) NOT NULL,
    actor_id integer,
    body text NOT NULL,
    from_status character varying(32),
    to_status character varying(32),
    internal boolean NOT NULL,
    created_at timestamp without time zone NOT NULL,
    partner_id integer,
    tenant_id integer NOT NULL
);
ALTER TABLE ONLY public.follow_up_activities FORCE ROW LEVEL SECURITY;
CREATE SEQUENCE public.follow_up_activities_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.follow_up_activities_id_seq OWNED BY public.follow_up_activities.id;
CREATE TABLE public.follow_up_policies (
    id integer NOT NULL,
    escalation_user_id integer,
    first_response_days integer NOT NULL,
    resolution_days integer NOT NULL,
    confirmation_days integer NOT NULL,
    tenant_id integer NOT NULL
);
ALTER TABLE ONLY public.follow_up_policies FORCE ROW LEVEL SECURITY;
CREATE SEQUENCE public.follow_up_policies_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.follow_up_policies_id_seq OWNED BY public.follow_up_policies.id;
CREATE TABLE public.follow_ups (
    id integer NOT NULL,
    feedback_item_id integer,
    idea_id integer,
    about_partner_id integer,
    title character varying(200) NOT NULL,
    owner_id integer,
    created_by_id integer,
    rule_id integer,
    request_key character varying(64),
    priority character varying(32) NOT NULL,
    status character varying(32) NOT NULL,
    due_on date NOT NULL,
    created_at timestamp without time zone NOT NULL,
    status_changed_at timestamp without time zone NOT NULL,
    first_response_at timestamp without time zone,
    resolved_at timestamp without time zone,
    escalated_at timestamp without time zone,
    loop_closed_at timestamp without time zone,
    partner_id integer,
    tenant_id integer NOT NULL,
    CONSTRAINT ck_follow_ups_one_subject CHECK (((feedback_item_id IS NULL) <> (idea_id IS NULL)))
);
ALTER TABLE ONLY public.follow_ups FORCE ROW LEVEL SECURITY;
CREATE SEQUENCE public.follow_ups_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.follow_ups_id_seq OWNED BY public.follow_ups.id;
CREATE TABLE public.idea_comments (
    id integer NOT NULL,
    idea_id integer NOT NULL,
    author_id integer,
    partner_id integer,
    body text NOT NULL,
    created_at timestamp without time zone NOT NULL,
    tenant_id integer NOT NULL
);
ALTER TABLE ONLY public.idea_comments FORCE ROW LEVEL SECURITY;
CREATE SEQUENCE public.idea_comments_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.idea_comments_id_seq OWNED BY public.idea_comments.id;
CREATE TABLE public.idea_feedback_links (
    id integer NOT NULL,
    idea_id integer NOT NULL,
    feedback_item_id integer NOT NULL,
    created_at timestamp without time zone NOT NULL,
    tenant_id integer NOT NULL
);
ALTER TABLE ONLY public.idea_feedback_links FORCE ROW LEVEL SECURITY;
CREATE SEQUENCE public.idea_feedback_links_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.idea_feedback_links_id_seq OWNED BY public.idea_feedback_links.id;
CREATE TABLE public.idea_notes (
    id integer NOT NULL,
    idea_id integer NOT NULL,
    author_id integer,
    body text NOT NULL,
    created_at timestamp without time zone NOT NULL,
    tenant_id integer NOT NULL
);
ALTER TABLE ONLY public.idea_notes FORCE ROW LEVEL SECURITY;
CREATE SEQUENCE public.idea_notes_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.idea_notes_id_seq OWNED BY public.idea_notes.id;
CREATE TABLE public.idea_statuses (
    id integer NOT NULL,
    name character varying(60) NOT NULL,
    "position" integer NOT NULL,
    on_roadmap boolean NOT NULL,
    is_closed boolean NOT NULL,
    tenant_id integer NOT NULL
);
ALTER TABLE ONLY public.idea_statuses FORCE ROW LEVEL SECURITY;
CREATE SEQUENCE public.idea_statuses_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.idea_statuses_id_seq OWNED BY public.idea_statuses.id;
CREATE TABLE public.idea_votes (
    id integer NOT NULL,
    idea_id integer NOT NULL,
    voter_key character varying(40) NOT NULL,
    user_id integer,
    partner_id integer,
    recorded_by_id integer,
    created_at timestamp without time zone NOT NULL,
    tenant_id integer NOT NULL
);
ALTER TABLE ONLY public.idea_votes FORCE ROW LEVEL SECURITY;
CREATE SEQUENCE public.idea_votes_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.idea_votes_id_seq OWNED BY public.idea_votes.id;
CREATE TABLE public.ideas (
    id integer NOT NULL,
    title character varying(200) NOT NULL,
    description text NOT NULL,
    program_element_id integer,
    status_id integer NOT NULL,
    author_id integer,
    partner_id integer,
    source_feedback_id integer,
    merged_into_id integer,
    created_at timestamp without time zone NOT NULL,
    status_changed_at timestamp without time zone NOT NULL,
    tenant_id integer NOT NULL
);
ALTER TABLE ONLY public.ideas FORCE ROW LEVEL SECURITY;
CREATE SEQUENCE public.ideas_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.ideas_id_seq OWNED BY public.ideas.id;
CREATE TABLE public.import_batches (
    id integer NOT NULL,
    filename character varying(255) NOT NULL,
    content bytea NOT NULL,
    size_bytes integer NOT NULL,
    encoding character varying(32) NOT NULL,
    delimiter character varying(1) NOT NULL,
    columns json NOT NULL,
    mapping json NOT NULL,
    default_source character varying(32) NOT NULL,
    date_format character varying(32) NOT NULL,
    all_or_nothing boolean NOT NULL,
    status character varying(32) NOT NULL,
    imported_count integer NOT NULL,
    duplicate_count integer NOT NULL,
    rejected_count integer NOT NULL,
    failure text NOT NULL,
    created_by_id integer,
    created_at timestamp without time zone NOT NULL,
    finished_at timestamp without time zone,
    tenant_id integer NOT NULL
);
ALTER TABLE ONLY public.import_batches FORCE ROW LEVEL SECURITY;
CREATE SEQUENCE public.import_batches_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.import_batches_id_seq OWNED BY public.import_batches.id;
CREATE TABLE public.import_row_errors (
    id integer NOT NULL,
    batch_id integer NOT NULL,
    line integer NOT NULL,
    field character varying(40) NOT NULL,
    value character varying(200) NOT NULL,
    message character varying(300) NOT NULL,
    tenant_id integer NOT NULL
);
ALTER TABLE ONLY public.import_row_errors FORCE ROW LEVEL SECURITY;
CREATE SEQUENCE public.import_row_errors_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.import_row_errors_id_seq OWNED BY public.import_row_errors.id;
CREATE TABLE public.internal_notes (
    id integer NOT NULL,
    feedback_item_id integer NOT NULL,
    author_id integer,
    body text NOT NULL,
    created_at timestamp without time zone NOT NULL,
    tenant_id integer NOT NULL
);
ALTER TABLE ONLY public.internal_notes FORCE ROW LEVEL SECURITY;
CREATE SEQUENCE public.internal_notes_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.internal_notes_id_seq OWNED BY public.internal_notes.id;
CREATE TABLE public.invitations (
    id integer NOT NULL,
    email character varying(254) NOT NULL,
    role character varying(32) NOT NULL,
    token_hash character varying(64) NOT NULL,
    expires_at timestamp without time zone NOT NULL,
    invited_by_id integer,
    accepted_at timestamp without time zone,
    revoked_at timestamp without time zone,
    sent_count integer NOT NULL,
    created_at timestamp without time zone NOT NULL,
    partner_id integer,
    tenant_id integer NOT NULL
);
ALTER TABLE ONLY public.invitations FORCE ROW LEVEL SECURITY;
CREATE SEQUENCE public.invitations_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.invitations_id_seq OWNED BY public.invitations.id;
CREATE TABLE public.loop_replies (
    id integer NOT NULL,
    follow_up_id integer NOT NULL,
    feedback_item_id integer,
    idea_id integer,
    author_id integer,
    to_address character varying(254) NOT NULL,
    body text NOT NULL,
    token_hash character varying(64) NOT NULL,
    state character varying(32) NOT NULL,
    sent_at timestamp without time zone NOT NULL,
    closes_at timestamp without time zone NOT NULL,
    answered_at timestamp without time zone,
    answer_comment text NOT NULL,
    partner_id integer,
    tenant_id integer NOT NULL
);
ALTER TABLE ONLY public.loop_replies FORCE ROW LEVEL SECURITY;
CREATE SEQUENCE public.loop_replies_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.loop_replies_id_seq OWNED BY public.loop_replies.id;
CREATE TABLE public.memberships (
    id integer NOT NULL,
    user_id integer NOT NULL,
    role character varying(32) NOT NULL,
    created_at timestamp without time zone NOT NULL,
    partner_id integer,
    tenant_id integer NOT NULL
);
ALTER TABLE ONLY public.memberships FORCE ROW LEVEL SECURITY;
CREATE SEQUENCE public.memberships_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.memberships_id_seq OWNED BY public.memberships.id;
CREATE TABLE public.outbox_messages (
    id integer NOT NULL,
    tenant_id integer,
    kind character varying(60) NOT NULL,
    to_address character varying(254) NOT NULL,
    subject character varying(255) NOT NULL,
    text_body text NOT NULL,
    html_body text NOT NULL,
    status character varying(32) NOT NULL,
    attempts integer NOT NULL,
    last_error text,
    next_attempt_at timestamp without time zone NOT NULL,
    sent_at timestamp without time zone,
    created_at timestamp without time zone NOT NULL
);
ALTER TABLE ONLY public.outbox_messages FORCE ROW LEVEL SECURITY;
CREATE SEQUENCE public.outbox_messages_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.outbox_messages_id_seq OWNED BY public.outbox_messages.id;
CREATE TABLE public.partner_tiers (
    id integer NOT NULL,
    name character varying(60) NOT NULL,
    "position" integer NOT NULL,
    weight integer NOT NULL,
    tenant_id integer NOT NULL
);
ALTER TABLE ONLY public.partner_tiers FORCE ROW LEVEL SECURITY;
CREATE SEQUENCE public.partner_tiers_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.partner_tiers_id_seq OWNED BY public.partner_tiers.id;
CREATE TABLE public.partners (
    id integer NOT NULL,
    name character varying(120) NOT NULL,
    tier_id integer,
    region character varying(60) NOT NULL,
    vertical character varying(60) NOT NULL,
    status character varying(32) NOT NULL,
    manager_id integer,
    created_at timestamp without time zone NOT NULL,
    tenant_id integer NOT NULL
);
ALTER TABLE ONLY public.partners FORCE ROW LEVEL SECURITY;
CREATE SEQUENCE public.partners_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.partners_id_seq OWNED BY public.partners.id;
CREATE TABLE public.password_reset_tokens (
    id integer NOT NULL,
    user_id integer NOT NULL,
    token_hash character varying(64) NOT NULL,
    expires_at timestamp without time zone NOT NULL,
    used_at timestamp without time zone,
    created_at timestamp without time zone NOT NULL
);
CREATE SEQUENCE public.password_reset_tokens_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.password_reset_tokens_id_seq OWNED BY public.password_reset_tokens.id;
CREATE TABLE public.program_action_feedback (
    id integer NOT NULL,
    action_id integer NOT NULL,
    feedback_item_id integer NOT NULL,
    created_at timestamp without time zone NOT NULL,
    tenant_id integer NOT NULL
);
ALTER TABLE ONLY public.program_action_feedback FORCE ROW LEVEL SECURITY;
CREATE SEQUENCE public.program_action_feedback_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.program_action_feedback_id_seq OWNED BY public.program_action_feedback.id;
CREATE TABLE public.program_action_partners (
    id integer NOT NULL,
    action_id integer NOT NULL,
    partner_id integer NOT NULL,
    tenant_id integer NOT NULL
);
ALTER TABLE ONLY public.program_action_partners FORCE ROW LEVEL SECURITY;
CREATE SEQUENCE public.program_action_partners_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.program_action_partners_id_seq OWNED BY public.program_action_partners.id;
CREATE TABLE public.program_actions (
    id integer NOT NULL,
    title character varying(200) NOT NULL,
    description text NOT NULL,
    effective_on date NOT NULL,
    program_element_id integer,
    created_by_id integer,
    created_at timestamp without time zone NOT NULL,
    tenant_id integer NOT NULL
);
ALTER TABLE ONLY public.program_actions FORCE ROW LEVEL SECURITY;
CREATE SEQUENCE public.program_actions_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.program_actions_id_seq OWNED BY public.program_actions.id;
CREATE TABLE public.program_elements (
    id integer NOT NULL,
    name character varying(80) NOT NULL,
    "position" integer NOT NULL,
    tenant_id integer NOT NULL
);
ALTER TABLE ONLY public.program_elements FORCE ROW LEVEL SECURITY;
CREATE SEQUENCE public.program_elements_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.program_elements_id_seq OWNED BY public.program_elements.id;
CREATE TABLE public.suppressed_addresses (
    id integer NOT NULL,
    email character varying(254) NOT NULL,
    reason character varying(32) NOT NULL,
    created_at timestamp without time zone NOT NULL,
    tenant_id integer NOT NULL
);
ALTER TABLE ONLY public.suppressed_addresses FORCE ROW LEVEL SECURITY;
CREATE SEQUENCE public.suppressed_addresses_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.suppressed_addresses_id_seq OWNED BY public.suppressed_addresses.id;
CREATE TABLE public.survey_answers (
    id integer NOT NULL,
    response_id integer NOT NULL,
    question_id integer NOT NULL,
    number_value integer,
    text_value text NOT NULL,
    choice_values json NOT NULL,
    partner_id integer,
    tenant_id integer NOT NULL
);
ALTER TABLE ONLY public.survey_answers FORCE ROW LEVEL SECURITY;
CREATE SEQUENCE public.survey_answers_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.survey_answers_id_seq OWNED BY public.survey_answers.id;
CREATE TABLE public.survey_campaigns (
    id integer NOT NULL,
    survey_id integer NOT NULL,
    kind character varying(32) NOT NULL,
    name character varying(200) NOT NULL,
    anonymous boolean NOT NULL,
    created_by_id integer,
    created_at timestamp without time zone NOT NULL,
    first_sent_at timestamp without time zone,
    partner_id integer,
    tenant_id integer NOT NULL
);
ALTER TABLE ONLY public.survey_campaigns FORCE ROW LEVEL SECURITY;
CREATE SEQUENCE public.survey_campaigns_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.survey_campaigns_id_seq OWNED BY public.survey_campaigns.id;
CREATE TABLE public.survey_questions (
    id integer NOT NULL,
    survey_id integer NOT NULL,
    "position" integer NOT NULL,
    kind character varying(32) NOT NULL,
    prompt character varying(500) NOT NULL,
    required boolean NOT NULL,
    choices json NOT NULL,
    tenant_id integer NOT NULL
);
ALTER TABLE ONLY public.survey_questions FORCE ROW LEVEL SECURITY;
CREATE SEQUENCE public.survey_questions_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.survey_questions_id_seq OWNED BY public.survey_questions.id;
CREATE TABLE public.survey_recipients (
    id integer NOT NULL,
    campaign_id integer NOT NULL,
    contact_id integer,
    user_id integer,
    email character varying(254) NOT NULL,
    name character varying(120) NOT NULL,
    token_hash character varying(64),
    reminder_token_hash character varying(64),
    skip_reason character varying(32),
    outbox_message_id integer,
    expires_at timestamp without time zone,
    sent_at timestamp without time zone,
    opened_at timestamp without time zone,
    answered_at timestamp without time zone,
    reminded_at timestamp without time zone,
    opted_out_at timestamp without time zone,
    bounced_at timestamp without time zone,
    created_at timestamp without time zone NOT NULL,
    partner_id integer,
    tenant_id integer NOT NULL
);
ALTER TABLE ONLY public.survey_recipients FORCE ROW LEVEL SECURITY;
CREATE SEQUENCE public.survey_recipients_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.survey_recipients_id_seq OWNED BY public.survey_recipients.id;
CREATE TABLE public.survey_responses (
    id integer NOT NULL,
    recipient_id integer NOT NULL,
    campaign_id integer NOT NULL,
    feedback_item_id integer,
    submitted_at timestamp without time zone NOT NULL,
    partner_id integer,
    tenant_id integer NOT NULL
);
ALTER TABLE ONLY public.survey_responses FORCE ROW LEVEL SECURITY;
CREATE SEQUENCE public.survey_responses_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.survey_responses_id_seq OWNED BY public.survey_responses.id;
CREATE TABLE public.surveys (
    id integer NOT NULL,
    title character varying(200) NOT NULL,
    intro text NOT NULL,
    audience character varying(32) NOT NULL,
    version integer NOT NULL,
    previous_version_id integer,
    archived_at timestamp without time zone,
    created_by_id integer,
    created_at timestamp without time zone NOT NULL,
    tenant_id integer NOT NULL
);
ALTER TABLE ONLY public.surveys FORCE ROW LEVEL SECURITY;
CREATE SEQUENCE public.surveys_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.surveys_id_seq OWNED BY public.surveys.id;
CREATE TABLE public.tenant_settings (
    id integer NOT NULL,
    survey_frequency_cap_days integer NOT NULL,
    anonymity_threshold integer NOT NULL,
    reminder_after_days integer NOT NULL,
    link_expiry_days integer NOT NULL,
    tenant_id integer NOT NULL,
    CONSTRAINT ck_tenant_settings_anonymity_threshold_positive CHECK ((anonymity_threshold >= 1)),
    CONSTRAINT ck_tenant_settings_frequency_cap_not_negative CHECK ((survey_frequency_cap_days >= 0)),
    CONSTRAINT ck_tenant_settings_link_expiry_positive CHECK ((link_expiry_days >= 1)),
    CONSTRAINT ck_tenant_settings_reminder_days_not_negative CHECK ((reminder_after_days >= 0))
);
ALTER TABLE ONLY public.tenant_settings FORCE ROW LEVEL SECURITY;
CREATE SEQUENCE public.tenant_settings_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.tenant_settings_id_seq OWNED BY public.tenant_settings.id;
CREATE TABLE public.tenants (
    id integer NOT NULL,
    name character varying(120) NOT NULL,
    slug character varying(63) NOT NULL,
    created_at timestamp without time zone NOT NULL,
    roadmap_public boolean NOT NULL
);
CREATE SEQUENCE public.tenants_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.tenants_id_seq OWNED BY public.tenants.id;
CREATE TABLE public.theme_daily_rollups (
    id integer NOT NULL,
    day date NOT NULL,
    theme_id integer NOT NULL,
    anonymous boolean NOT NULL,
    items integer DEFAULT 0 NOT NULL,
    negative integer DEFAULT 0 NOT NULL,
    tenant_id integer NOT NULL
);
ALTER TABLE ONLY public.theme_daily_rollups FORCE ROW LEVEL SECURITY;
CREATE SEQUENCE public.theme_daily_rollups_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.theme_daily_rollups_id_seq OWNED BY public.theme_daily_rollups.id;
CREATE TABLE public.themes (
    id integer NOT NULL,
    name character varying(80) NOT NULL,
    keywords json NOT NULL,
    "position" integer NOT NULL,
    created_at timestamp without time zone NOT NULL,
    tenant_id integer NOT NULL
);
ALTER TABLE ONLY public.themes FORCE ROW LEVEL SECURITY;
CREATE SEQUENCE public.themes_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.themes_id_seq OWNED BY public.themes.id;
CREATE TABLE public.users (
    id integer NOT NULL,
    email character varying(254) NOT NULL,
    name character varying(120) NOT NULL,
    password_hash character varying(255) NOT NULL,
    created_at timestamp without time zone NOT NULL,
    last_login_at timestamp without time zone
);
CREATE SEQUENCE public.users_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.users_id_seq OWNED BY public.users.id;
CREATE TABLE public.webhook_deliveries (
    id integer NOT NULL,
    endpoint_id integer NOT NULL,
    event_id character varying(64) NOT NULL,
    event_type character varying(60) NOT NULL,
    payload text NOT NULL,
    status character varying(32) NOT NULL,
    attempts integer NOT NULL,
    last_error text,
    last_status_code integer,
    next_attempt_at timestamp without time zone NOT NULL,
    delivered_at timestamp without time zone,
    created_at timestamp without time zone NOT NULL,
    tenant_id integer NOT NULL
);
ALTER TABLE ONLY public.webhook_deliveries FORCE ROW LEVEL SECURITY;
CREATE SEQUENCE public.webhook_deliveries_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.webhook_deliveries_id_seq OWNED BY public.webhook_deliveries.id;
CREATE TABLE public.webhook_endpoints (
    id integer NOT NULL,
    url character varying(2000) NOT NULL,
    description character varying(200) NOT NULL,
    secret character varying(100) NOT NULL,
    events character varying(200) NOT NULL,
    created_by_id integer,
    created_at timestamp without time zone NOT NULL,
    tenant_id integer NOT NULL
);
ALTER TABLE ONLY public.webhook_endpoints FORCE ROW LEVEL SECURITY;
CREATE SEQUENCE public.webhook_endpoints_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.webhook_endpoints_id_seq OWNED BY public.webhook_endpoints.id;
ALTER TABLE ONLY public.api_idempotency_keys ALTER COLUMN id SET DEFAULT nextval('public.api_idempotency_keys_id_seq'::regclass);
ALTER TABLE ONLY public.api_tokens ALTER COLUMN id SET DEFAULT nextval('public.api_tokens_id_seq'::regclass);
ALTER TABLE ONLY public.audit_entries ALTER COLUMN id SET DEFAULT nextval('public.audit_entries_id_seq'::regclass);
ALTER TABLE ONLY public.automation_rules ALTER COLUMN id SET DEFAULT nextval('public.automation_rules_id_seq'::regclass);
ALTER TABLE ONLY public.customer_contacts ALTER COLUMN id SET DEFAULT nextval('public.customer_contacts_id_seq'::regclass);
ALTER TABLE ONLY public.feedback_categories ALTER COLUMN id SET DEFAULT nextval('public.feedback_categories_id_seq'::regclass);
ALTER TABLE ONLY public.feedback_daily_rollups ALTER COLUMN id SET DEFAULT nextval('public.feedback_daily_rollups_id_seq'::regclass);
ALTER TABLE ONLY public.feedback_items ALTER COLUMN id SET DEFAULT nextval('public.feedback_items_id_seq'::regclass);
ALTER TABLE ONLY public.feedback_program_rollups ALTER COLUMN id SET DEFAULT nextval('public.feedback_program_rollups_id_seq'::regclass);
ALTER TABLE ONLY public.feedback_themes ALTER COLUMN id SET DEFAULT nextval('public.feedback_themes_id_seq'::regclass);
ALTER TABLE ONLY public.feedback_weekly_partner_rollups ALTER COLUMN id SET DEFAULT nextval('public.feedback_weekly_partner_rollups_id_seq'::regclass);
ALTER TABLE ONLY public.follow_up_activities ALTER COLUMN id SET DEFAULT nextval('public.follow_up_activities_id_seq'::regclass);
ALTER TABLE ONLY public.follow_up_policies ALTER COLUMN id SET DEFAULT nextval('public.follow_up_policies_id_seq'::regclass);
ALTER TABLE ONLY public.follow_ups ALTER COLUMN id SET DEFAULT nextval('public.follow_ups_id_seq'::regclass);
ALTER TABLE ONLY public.idea_comments ALTER COLUMN id SET DEFAULT nextval('public.idea_comments_id_seq'::regclass);
ALTER TABLE ONLY public.idea_feedback_links ALTER COLUMN id SET DEFAULT nextval('public.idea_feedback_links_id_seq'::regclass);
ALTER TABLE ONLY public.idea_notes ALTER COLUMN id SET DEFAULT nextval('public.idea_notes_id_seq'::regclass);
ALTER TABLE ONLY public.idea_statuses ALTER COLUMN id SET DEFAULT nextval('public.idea_statuses_id_seq'::regclass);
ALTER TABLE ONLY public.idea_votes ALTER COLUMN id SET DEFAULT nextval('public.idea_votes_id_seq'::regclass);
ALTER TABLE ONLY public.ideas ALTER COLUMN id SET DEFAULT nextval('public.ideas_id_seq'::regclass);
ALTER TABLE ONLY public.import_batches ALTER COLUMN id SET DEFAULT nextval('public.import_batches_id_seq'::regclass);
ALTER TABLE ONLY public.import_row_errors ALTER COLUMN id SET DEFAULT nextval('public.import_row_errors_id_seq'::regclass);
ALTER TABLE ONLY public.internal_notes ALTER COLUMN id SET DEFAULT nextval('public.internal_notes_id_seq'::regclass);
ALTER TABLE ONLY public.invitations ALTER COLUMN id SET DEFAULT nextval('public.invitations_id_seq'::regclass);
ALTER TABLE ONLY public.loop_replies ALTER COLUMN id SET DEFAULT nextval('public.loop_replies_id_seq'::regclass);
ALTER TABLE ONLY public.memberships ALTER COLUMN id SET DEFAULT nextval('public.memberships_id_seq'::regclass);
ALTER TABLE ONLY public.outbox_messages ALTER COLUMN id SET DEFAULT nextval('public.outbox_messages_id_seq'::regclass);
ALTER TABLE ONLY public.partner_tiers ALTER COLUMN id SET DEFAULT nextval('public.partner_tiers_id_seq'::regclass);
ALTER TABLE ONLY public.partners ALTER COLUMN id SET DEFAULT nextval('public.partners_id_seq'::regclass);
ALTER TABLE ONLY public.password_reset_tokens ALTER COLUMN id SET DEFAULT nextval('public.password_reset_tokens_id_seq'::regclass);
ALTER TABLE ONLY public.program_action_feedback ALTER COLUMN id SET DEFAULT nextval('public.program_action_feedback_id_seq'::regclass);
ALTER TABLE ONLY public.program_action_partners ALTER COLUMN id SET DEFAULT nextval('public.program_action_partners_id_seq'::regclass);
ALTER TABLE ONLY public.program_actions ALTER COLUMN id SET DEFAULT nextval('public.program_actions_id_seq'::regclass);
ALTER TABLE ONLY public.program_elements ALTER COLUMN id SET DEFAULT nextval('public.program_elements_id_seq'::regclass);
ALTER TABLE ONLY public.suppressed_addresses ALTER COLUMN id SET DEFAULT nextval('public.suppressed_addresses_id_seq'::regclass);
ALTER TABLE ONLY public.survey_answers ALTER COLUMN id SET DEFAULT nextval('public.survey_answers_id_seq'::regclass);
ALTER TABLE ONLY public.survey_campaigns ALTER COLUMN id SET DEFAULT nextval('public.survey_campaigns_id_seq'::regclass);
ALTER TABLE ONLY public.survey_questions ALTER COLUMN id SET DEFAULT nextval('public.survey_questions_id_seq'::regclass);
ALTER TABLE ONLY public.survey_recipients ALTER COLUMN id SET DEFAULT nextval('public.survey_recipients_id_seq'::regclass);
ALTER TABLE ONLY public.survey_responses ALTER COLUMN id SET DEFAULT nextval('public.survey_responses_id_seq'::regclass);
ALTER TABLE ONLY public.surveys ALTER COLUMN id SET DEFAULT nextval('public.surveys_id_seq'::regclass);
ALTER TABLE ONLY public.tenant_settings ALTER COLUMN id SET DEFAULT nextval('public.tenant_settings_id_seq'::regclass);
ALTER TABLE ONLY public.tenants ALTER COLUMN id SET DEFAULT nextval('public.tenants_id_seq'::regclass);
ALTER TABLE ONLY public.theme_daily_rollups ALTER COLUMN id SET DEFAULT nextval('public.theme_daily_rollups_id_seq'::regclass);
ALTER TABLE ONLY public.themes ALTER COLUMN id SET DEFAULT nextval('public.themes_id_seq'::regclass);
ALTER TABLE ONLY public.users ALTER COLUMN id SET DEFAULT nextval('public.users_id_seq'::regclass);
ALTER TABLE ONLY public.webhook_deliveries ALTER COLUMN id SET DEFAULT nextval('public.webhook_deliveries_id_seq'::regclass);
ALTER TABLE ONLY public.webhook_endpoints ALTER COLUMN id SET DEFAULT nextval('public.webhook_endpoints_id_seq'::regclass);
ALTER TABLE ONLY public.alembic_version
    ADD CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num);
ALTER TABLE ONLY public.api_idempotency_keys
    ADD CONSTRAINT pk_api_idempotency_keys PRIMARY KEY (id);
ALTER TABLE ONLY public.api_tokens
    ADD CONSTRAINT pk_api_tokens PRIMARY KEY (id);
ALTER TABLE ONLY public.audit_entries
    ADD CONSTRAINT pk_audit_entries PRIMARY KEY (id);
ALTER TABLE ONLY public.automation_rules
    ADD CONSTRAINT pk_automation_rules PRIMARY KEY (id);
ALTER TABLE ONLY public.customer_contacts
    ADD CONSTRAINT pk_customer_contacts PRIMARY KEY (id);
ALTER TABLE ONLY public.feedback_categories
    ADD CONSTRAINT pk_feedback_categories PRIMARY KEY (id);
ALTER TABLE ONLY public.feedback_daily_rollups
    ADD CONSTRAINT pk_feedback_daily_rollups PRIMARY KEY (id);
ALTER TABLE ONLY public.feedback_items
    ADD CONSTRAINT pk_feedback_items PRIMARY KEY (id);
ALTER TABLE ONLY public.feedback_program_rollups
    ADD CONSTRAINT pk_feedback_program_rollups PRIMARY KEY (id);
ALTER TABLE ONLY public.feedback_themes
    ADD CONSTRAINT pk_feedback_themes PRIMARY KEY (id);
ALTER TABLE ONLY public.feedback_weekly_partner_rollups
    ADD CONSTRAINT pk_feedback_weekly_partner_rollups PRIMARY KEY (id);
ALTER TABLE ONLY public.follow_up_activities
    ADD CONSTRAINT pk_follow_up_activities PRIMARY KEY (id);
ALTER TABLE ONLY public.follow_up_policies
    ADD CONSTRAINT pk_follow_up_policies PRIMARY KEY (id);
ALTER TABLE ONLY public.follow_ups
    ADD CONSTRAINT pk_follow_ups PRIMARY KEY (id);
ALTER TABLE ONLY public.idea_comments
    ADD CONSTRAINT pk_idea_comments PRIMARY KEY (id);
ALTER TABLE ONLY public.idea_feedback_links
    ADD CONSTRAINT pk_idea_feedback_links PRIMARY KEY (id);
ALTER TABLE ONLY public.idea_notes
    ADD CONSTRAINT pk_idea_notes PRIMARY KEY (id);
ALTER TABLE ONLY public.idea_statuses
    ADD CONSTRAINT pk_idea_statuses PRIMARY KEY (id);
ALTER TABLE ONLY public.idea_votes
    ADD CONSTRAINT pk_idea_votes PRIMARY KEY (id);
ALTER TABLE ONLY public.ideas
    ADD CONSTRAINT pk_ideas PRIMARY KEY (id);
ALTER TABLE ONLY public.import_batches
    ADD CONSTRAINT pk_import_batches PRIMARY KEY (id);
ALTER TABLE ONLY public.import_row_errors
    ADD CONSTRAINT pk_import_row_errors PRIMARY KEY (id);
ALTER TABLE ONLY public.internal_notes
    ADD CONSTRAINT pk_internal_notes PRIMARY KEY (id);
ALTER TABLE ONLY public.invitations
    ADD CONSTRAINT pk_invitations PRIMARY KEY (id);
ALTER TABLE ONLY public.loop_replies
    ADD CONSTRAINT pk_loop_replies PRIMARY KEY (id);
ALTER TABLE ONLY public.memberships
    ADD CONSTRAINT pk_memberships PRIMARY KEY (id);
ALTER TABLE ONLY public.outbox_messages
    ADD CONSTRAINT pk_outbox_messages PRIMARY KEY (id);
ALTER TABLE ONLY public.partner_tiers
    ADD CONSTRAINT pk_partner_tiers PRIMARY KEY (id);
ALTER TABLE ONLY public.partners
    ADD CONSTRAINT pk_partners PRIMARY KEY (id);
ALTER TABLE ONLY public.password_reset_tokens
    ADD CONSTRAINT pk_password_reset_tokens PRIMARY KEY (id);
ALTER TABLE ONLY public.program_action_feedback
    ADD CONSTRAINT pk_program_action_feedback PRIMARY KEY (id);
ALTER TABLE ONLY public.program_action_partners
    ADD CONSTRAINT pk_program_action_partners PRIMARY KEY (id);
ALTER TABLE ONLY public.program_actions
    ADD CONSTRAINT pk_program_actions PRIMARY KEY (id);
ALTER TABLE ONLY public.program_elements
    ADD CONSTRAINT pk_program_elements PRIMARY KEY (id);
ALTER TABLE ONLY public.suppressed_addresses
    ADD CONSTRAINT pk_suppressed_addresses PRIMARY KEY (id);
ALTER TABLE ONLY public.survey_answers
    ADD CONSTRAINT pk_survey_answers PRIMARY KEY (id);
ALTER TABLE ONLY public.survey_campaigns
    ADD CONSTRAINT pk_survey_campaigns PRIMARY KEY (id);
ALTER TABLE ONLY public.survey_questions
    ADD CONSTRAINT pk_survey_questions PRIMARY KEY (id);
ALTER TABLE ONLY public.survey_recipients
    ADD CONSTRAINT pk_survey_recipients PRIMARY KEY (id);
ALTER TABLE ONLY public.survey_responses
    ADD CONSTRAINT pk_survey_responses PRIMARY KEY (id);
ALTER TABLE ONLY public.surveys
    ADD CONSTRAINT pk_surveys PRIMARY KEY (id);
ALTER TABLE ONLY public.tenant_settings
    ADD CONSTRAINT pk_tenant_settings PRIMARY KEY (id);
ALTER TABLE ONLY public.tenants
    ADD CONSTRAINT pk_tenants PRIMARY KEY (id);
ALTER TABLE ONLY public.theme_daily_rollups
    ADD CONSTRAINT pk_theme_daily_rollups PRIMARY KEY (id);
ALTER TABLE ONLY public.themes
    ADD CONSTRAINT pk_themes PRIMARY KEY (id);
ALTER TABLE ONLY public.users
    ADD CONSTRAINT pk_users PRIMARY KEY (id);
ALTER TABLE ONLY public.webhook_deliveries
    ADD CONSTRAINT pk_webhook_deliveries PRIMARY KEY (id);
ALTER TABLE ONLY public.webhook_endpoints
    ADD CONSTRAINT pk_webhook_endpoints PRIMARY KEY (id);
ALTER TABLE ONLY public.api_idempotency_keys
    ADD CONSTRAINT uq_api_idempotency_keys_tenant_id_key UNIQUE (tenant_id, key);
ALTER TABLE ONLY public.api_tokens
    ADD CONSTRAINT uq_api_tokens_token_hash UNIQUE (token_hash);
ALTER TABLE ONLY public.customer_contacts
    ADD CONSTRAINT uq_customer_contacts_tenant_id_partner_id_email UNIQUE (tenant_id, partner_id, email);
ALTER TABLE ONLY public.feedback_categories
    ADD CONSTRAINT uq_feedback_categories_tenant_id_name UNIQUE (tenant_id, name);
ALTER TABLE ONLY public.feedback_daily_rollups
    ADD CONSTRAINT uq_feedback_daily_rollups_key UNIQUE (tenant_id, day, partner_id, source, channel, program_element_id, anonymous);
ALTER TABLE ONLY public.feedback_items
    ADD CONSTRAINT uq_feedback_items_tenant_id_dedupe_key UNIQUE (tenant_id, dedupe_key);
ALTER TABLE ONLY public.feedback_program_rollups
    ADD CONSTRAINT uq_feedback_program_rollups_key UNIQUE (tenant_id, day, source, channel, program_element_id, anonymous);
ALTER TABLE ONLY public.feedback_themes
    ADD CONSTRAINT uq_feedback_themes_feedback_item_id_theme_id UNIQUE (feedback_item_id, theme_id);
ALTER TABLE ONLY public.feedback_weekly_partner_rollups
    ADD CONSTRAINT uq_feedback_weekly_partner_rollups_key UNIQUE (tenant_id, week, partner_id, source);
ALTER TABLE ONLY public.follow_up_policies
    ADD CONSTRAINT uq_follow_up_policies_tenant_id UNIQUE (tenant_id);
ALTER TABLE ONLY public.follow_ups
    ADD CONSTRAINT uq_follow_ups_rule_id_feedback_item_id UNIQUE (rule_id, feedback_item_id);
ALTER TABLE ONLY public.follow_ups
    ADD CONSTRAINT uq_follow_ups_tenant_id_request_key UNIQUE (tenant_id, request_key);
ALTER TABLE ONLY public.idea_feedback_links
    ADD CONSTRAINT uq_idea_feedback_links_idea_id_feedback_item_id UNIQUE (idea_id, feedback_item_id);
ALTER TABLE ONLY public.idea_statuses
    ADD CONSTRAINT uq_idea_statuses_tenant_id_name UNIQUE (tenant_id, name);
ALTER TABLE ONLY public.idea_votes
    ADD CONSTRAINT uq_idea_votes_idea_id_voter_key UNIQUE (idea_id, voter_key);
ALTER TABLE ONLY public.invitations
    ADD CONSTRAINT uq_invitations_token_hash UNIQUE (token_hash);
ALTER TABLE ONLY public.loop_replies
    ADD CONSTRAINT uq_loop_replies_token_hash UNIQUE (token_hash);
ALTER TABLE ONLY public.memberships
    ADD CONSTRAINT uq_memberships_tenant_id_user_id UNIQUE (tenant_id, user_id);
ALTER TABLE ONLY public.partner_tiers
    ADD CONSTRAINT uq_partner_tiers_tenant_id_name UNIQUE (tenant_id, name);
ALTER TABLE ONLY public.partners
    ADD CONSTRAINT uq_partners_tenant_id_name UNIQUE (tenant_id, name);
ALTER TABLE ONLY public.password_reset_tokens
    ADD CONSTRAINT uq_password_reset_tokens_token_hash UNIQUE (token_hash);
ALTER TABLE ONLY public.program_action_feedback
    ADD CONSTRAINT uq_program_action_feedback_action_id_feedback_item_id UNIQUE (action_id, feedback_item_id);
ALTER TABLE ONLY public.program_action_partners
    ADD CONSTRAINT uq_program_action_partners_action_id_partner_id UNIQUE (action_id, partner_id);
ALTER TABLE ONLY public.program_elements
    ADD CONSTRAINT uq_program_elements_tenant_id_name UNIQUE (tenant_id, name);
ALTER TABLE ONLY public.suppressed_addresses
    ADD CONSTRAINT uq_suppressed_addresses_tenant_id_email UNIQUE (tenant_id, email);
ALTER TABLE ONLY public.survey_answers
    ADD CONSTRAINT uq_survey_answers_response_id_question_id UNIQUE (response_id, question_id);
ALTER TABLE ONLY public.survey_recipients
    ADD CONSTRAINT uq_survey_recipients_campaign_id_email UNIQUE (campaign_id, email);
ALTER TABLE ONLY public.survey_recipients
    ADD CONSTRAINT uq_survey_recipients_reminder_token_hash UNIQUE (reminder_token_hash);
ALTER TABLE ONLY public.survey_recipients
    ADD CONSTRAINT uq_survey_recipients_token_hash UNIQUE (token_hash);
ALTER TABLE ONLY public.survey_responses
    ADD CONSTRAINT uq_survey_responses_recipient_id UNIQUE (recipient_id);
ALTER TABLE ONLY public.tenant_settings
    ADD CONSTRAINT uq_tenant_settings_tenant_id UNIQUE (tenant_id);
ALTER TABLE ONLY public.tenants
    ADD CONSTRAINT uq_tenants_slug UNIQUE (slug);
ALTER TABLE ONLY public.theme_daily_rollups
    ADD CONSTRAINT uq_theme_daily_rollups_key UNIQUE (tenant_id, day, theme_id, anonymous);
ALTER TABLE ONLY public.themes
    ADD CONSTRAINT uq_themes_tenant_id_name UNIQUE (tenant_id, name);
ALTER TABLE ONLY public.users
    ADD CONSTRAINT uq_users_email UNIQUE (email);
CREATE INDEX ix_api_idempotency_keys_tenant_id ON public.api_idempotency_keys USING btree (tenant_id);
CREATE INDEX ix_api_tokens_tenant_id ON public.api_tokens USING btree (tenant_id);
CREATE INDEX ix_audit_entries_actor_id ON public.audit_entries USING btree (actor_id);
CREATE INDEX ix_audit_entries_object ON public.audit_entries USING btree (tenant_id, object_type, object_id);
CREATE INDEX ix_audit_entries_tenant_created ON public.audit_entries USING btree (tenant_id, created_at);
CREATE INDEX ix_audit_entries_tenant_id ON public.audit_entries USING btree (tenant_id);
CREATE INDEX ix_automation_rules_tenant_id ON public.automation_rules USING btree (tenant_id);
CREATE INDEX ix_customer_contacts_email ON public.customer_contacts USING btree (email);
CREATE INDEX ix_customer_contacts_partner_id ON public.customer_contacts USING btree (partner_id);
CREATE INDEX ix_customer_contacts_tenant_id ON public.customer_contacts USING btree (tenant_id);
CREATE INDEX ix_feedback_categories_tenant_id ON public.feedback_categories USING btree (tenant_id);
CREATE INDEX ix_feedback_daily_rollups_partner_day ON public.feedback_daily_rollups USING btree (tenant_id, partner_id, day);
CREATE INDEX ix_feedback_daily_rollups_tenant_id ON public.feedback_daily_rollups USING btree (tenant_id);
CREATE INDEX ix_feedback_items_author_id ON public.feedback_items USING btree (author_id);
CREATE INDEX ix_feedback_items_category_id ON public.feedback_items USING btree (category_id);
CREATE INDEX ix_feedback_items_contact_id ON public.feedback_items USING btree (contact_id);
CREATE INDEX ix_feedback_items_partner_id ON public.feedback_items USING btree (partner_id);
CREATE INDEX ix_feedback_items_program_element_id ON public.feedback_items USING btree (program_element_id);
CREATE INDEX ix_feedback_items_tenant_given ON public.feedback_items USING btree (tenant_id, given_at);
CREATE INDEX ix_feedback_items_tenant_id ON public.feedback_items USING btree (tenant_id);
CREATE INDEX ix_feedback_program_rollups_tenant_id ON public.feedback_program_rollups USING btree (tenant_id);
CREATE INDEX ix_feedback_themes_tenant_given ON public.feedback_themes USING btree (tenant_id, given_at, theme_id, negative, anonymous, suppressed);
CREATE INDEX ix_feedback_themes_tenant_id ON public.feedback_themes USING btree (tenant_id);
CREATE INDEX ix_feedback_themes_tenant_theme_item ON public.feedback_themes USING btree (tenant_id, theme_id, feedback_item_id);
CREATE INDEX ix_feedback_weekly_partner_rollups_tenant_id ON public.feedback_weekly_partner_rollups USING btree (tenant_id);
CREATE INDEX ix_follow_up_activities_follow_up_id ON public.follow_up_activities USING btree (follow_up_id);
CREATE INDEX ix_follow_up_activities_partner_id ON public.follow_up_activities USING btree (partner_id);
CREATE INDEX ix_follow_up_activities_tenant_id ON public.follow_up_activities USING btree (tenant_id);
CREATE INDEX ix_follow_up_policies_tenant_id ON public.follow_up_policies USING btree (tenant_id);
CREATE INDEX ix_follow_ups_about_partner_id ON public.follow_ups USING btree (about_partner_id);
CREATE INDEX ix_follow_ups_due_on ON public.follow_ups USING btree (due_on);
CREATE INDEX ix_follow_ups_feedback_item_id ON public.follow_ups USING btree (feedback_item_id);
CREATE INDEX ix_follow_ups_idea_id ON public.follow_ups USING btree (idea_id);
CREATE INDEX ix_follow_ups_owner_id ON public.follow_ups USING btree (owner_id);
CREATE INDEX ix_follow_ups_partner_id ON public.follow_ups USING btree (partner_id);
CREATE INDEX ix_follow_ups_rule_id ON public.follow_ups USING btree (rule_id);
CREATE INDEX ix_follow_ups_tenant_id ON public.follow_ups USING btree (tenant_id);
CREATE INDEX ix_idea_comments_idea_id ON public.idea_comments USING btree (idea_id);
CREATE INDEX ix_idea_comments_tenant_id ON public.idea_comments USING btree (tenant_id);
CREATE INDEX ix_idea_feedback_links_feedback_item_id ON public.idea_feedback_links USING btree (feedback_item_id);
CREATE INDEX ix_idea_feedback_links_idea_id ON public.idea_feedback_links USING btree (idea_id);
CREATE INDEX ix_idea_feedback_links_tenant_id ON public.idea_feedback_links USING btree (tenant_id);
CREATE INDEX ix_idea_notes_idea_id ON public.idea_notes USING btree (idea_id);
CREATE INDEX ix_idea_notes_tenant_id ON public.idea_notes USING btree (tenant_id);
CREATE INDEX ix_idea_statuses_tenant_id ON public.idea_statuses USING btree (tenant_id);
CREATE INDEX ix_idea_votes_idea_id ON public.idea_votes USING btree (idea_id);
CREATE INDEX ix_idea_votes_partner_id ON public.idea_votes USING btree (partner_id);
CREATE INDEX ix_idea_votes_tenant_id ON public.idea_votes USING btree (tenant_id);
CREATE INDEX ix_idea_votes_user_id ON public.idea_votes USING btree (user_id);
CREATE INDEX ix_ideas_author_id ON public.ideas USING btree (author_id);
CREATE INDEX ix_ideas_merged_into_id ON public.ideas USING btree (merged_into_id);
CREATE INDEX ix_ideas_partner_id ON public.ideas USING btree (partner_id);
CREATE INDEX ix_ideas_program_element_id ON public.ideas USING btree (program_element_id);
CREATE INDEX ix_ideas_source_feedback_id ON public.ideas USING btree (source_feedback_id);
CREATE INDEX ix_ideas_status_id ON public.ideas USING btree (status_id);
CREATE INDEX ix_ideas_tenant_id ON public.ideas USING btree (tenant_id);
CREATE INDEX ix_import_batches_created_by_id ON public.import_batches USING btree (created_by_id);
CREATE INDEX ix_import_batches_tenant_id ON public.import_batches USING btree (tenant_id);
CREATE INDEX ix_import_row_errors_batch_id ON public.import_row_errors USING btree (batch_id);
CREATE INDEX ix_import_row_errors_tenant_id ON public.import_row_errors USING btree (tenant_id);
CREATE INDEX ix_internal_notes_feedback_item_id ON public.internal_notes USING btree (feedback_item_id);
CREATE INDEX ix_internal_notes_tenant_id ON public.internal_notes USING btree (tenant_id);
CREATE INDEX ix_invitations_email ON public.invitations USING btree (email);
CREATE INDEX ix_invitations_partner_id ON public.invitations USING btree (partner_id);
CREATE INDEX ix_invitations_tenant_id ON public.invitations USING btree (tenant_id);
CREATE INDEX ix_loop_replies_feedback_item_id ON public.loop_replies USING btree (feedback_item_id);
CREATE INDEX ix_loop_replies_follow_up_id ON public.loop_replies USING btree (follow_up_id);
CREATE INDEX ix_loop_replies_idea_id ON public.loop_replies USING btree (idea_id);
CREATE INDEX ix_loop_replies_partner_id ON public.loop_replies USING btree (partner_id);
CREATE INDEX ix_loop_replies_tenant_id ON public.loop_replies USING btree (tenant_id);
CREATE INDEX ix_memberships_partner_id ON public.memberships USING btree (partner_id);
CREATE INDEX ix_memberships_tenant_id ON public.memberships USING btree (tenant_id);
CREATE INDEX ix_memberships_user_id ON public.memberships USING btree (user_id);
CREATE INDEX ix_outbox_messages_due ON public.outbox_messages USING btree (status, next_attempt_at);
CREATE INDEX ix_outbox_messages_tenant_id ON public.outbox_messages USING btree (tenant_id);
CREATE INDEX ix_partner_tiers_tenant_id ON public.partner_tiers USING btree (tenant_id);
CREATE INDEX ix_partners_manager_id ON public.partners USING btree (manager_id);
CREATE INDEX ix_partners_tenant_id ON public.partners USING btree (tenant_id);
CREATE INDEX ix_partners_tier_id ON public.partners USING btree (tier_id);
CREATE INDEX ix_password_reset_tokens_user_id ON public.password_reset_tokens USING btree (user_id);
CREATE INDEX ix_program_action_feedback_action_id ON public.program_action_feedback USING btree (action_id);
CREATE INDEX ix_program_action_feedback_feedback_item_id ON public.program_action_feedback USING btree (feedback_item_id);
CREATE INDEX ix_program_action_feedback_tenant_id ON public.program_action_feedback USING btree (tenant_id);
CREATE INDEX ix_program_action_partners_action_id ON public.program_action_partners USING btree (action_id);
CREATE INDEX ix_program_action_partners_partner_id ON public.program_action_partners USING btree (partner_id);
CREATE INDEX ix_program_action_partners_tenant_id ON public.program_action_partners USING btree (tenant_id);
CREATE INDEX ix_program_actions_effective_on ON public.program_actions USING btree (effective_on);
CREATE INDEX ix_program_actions_program_element_id ON public.program_actions USING btree (program_element_id);
CREATE INDEX ix_program_actions_tenant_id ON public.program_actions USING btree (tenant_id);
CREATE INDEX ix_program_elements_tenant_id ON public.program_elements USING btree (tenant_id);
CREATE INDEX ix_suppressed_addresses_tenant_id ON public.suppressed_addresses USING btree (tenant_id);
CREATE INDEX ix_survey_answers_partner_id ON public.survey_answers USING btree (partner_id);
CREATE INDEX ix_survey_answers_question_id ON public.survey_answers USING btree (question_id);
CREATE INDEX ix_survey_answers_response_id ON public.survey_answers USING btree (response_id);
CREATE INDEX ix_survey_answers_tenant_id ON public.survey_answers USING btree (tenant_id);
CREATE INDEX ix_survey_campaigns_partner_id ON public.survey_campaigns USING btree (partner_id);
CREATE INDEX ix_survey_campaigns_survey_id ON public.survey_campaigns USING btree (survey_id);
CREATE INDEX ix_survey_campaigns_tenant_id ON public.survey_campaigns USING btree (tenant_id);
CREATE INDEX ix_survey_questions_survey_id ON public.survey_questions USING btree (survey_id);
CREATE INDEX ix_survey_questions_tenant_id ON public.survey_questions USING btree (tenant_id);
CREATE INDEX ix_survey_recipients_campaign_id ON public.survey_recipients USING btree (campaign_id);
CREATE INDEX ix_survey_recipients_contact_id ON public.survey_recipients USING btree (contact_id);
CREATE INDEX ix_survey_recipients_partner_id ON public.survey_recipients USING btree (partner_id);
CREATE INDEX ix_survey_recipients_tenant_email_sent ON public.survey_recipients USING btree (tenant_id, email, sent_at);
CREATE INDEX ix_survey_recipients_tenant_id ON public.survey_recipients USING btree (tenant_id);
CREATE INDEX ix_survey_recipients_user_id ON public.survey_recipients USING btree (user_id);
CREATE INDEX ix_survey_responses_campaign_id ON public.survey_responses USING btree (campaign_id);
CREATE INDEX ix_survey_responses_feedback_item_id ON public.survey_responses USING btree (feedback_item_id);
CREATE INDEX ix_survey_responses_partner_id ON public.survey_responses USING btree (partner_id);
CREATE INDEX ix_survey_responses_tenant_id ON public.survey_responses USING btree (tenant_id);
CREATE INDEX ix_surveys_tenant_id ON public.surveys USING btree (tenant_id);
CREATE INDEX ix_tenant_settings_tenant_id ON public.tenant_settings USING btree (tenant_id);
CREATE INDEX ix_theme_daily_rollups_tenant_id ON public.theme_daily_rollups USING btree (tenant_id);
CREATE INDEX ix_themes_tenant_id ON public.themes USING btree (tenant_id);
CREATE INDEX ix_webhook_deliveries_due ON public.webhook_deliveries USING btree (status, next_attempt_at);
CREATE INDEX ix_webhook_deliveries_endpoint_id ON public.webhook_deliveries USING btree (endpoint_id);
CREATE INDEX ix_webhook_deliveries_tenant_id ON public.webhook_deliveries USING btree (tenant_id);
CREATE INDEX ix_webhook_endpoints_tenant_id ON public.webhook_endpoints USING btree (tenant_id);
CREATE TRIGGER feedback_rollups_after_delete AFTER DELETE ON public.feedback_items REFERENCING OLD TABLE AS rollup_old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.feedback_rollups_after_delete();
CREATE TRIGGER feedback_rollups_after_insert AFTER INSERT ON public.feedback_items REFERENCING NEW TABLE AS rollup_new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.feedback_rollups_after_insert();
CREATE TRIGGER feedback_rollups_after_update AFTER UPDATE ON public.feedback_items REFERENCING OLD TABLE AS rollup_old_rows NEW TABLE AS rollup_new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.feedback_rollups_after_update();
CREATE TRIGGER theme_rollups_after_delete AFTER DELETE ON public.feedback_themes REFERENCING OLD TABLE AS rollup_old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.theme_rollups_after_delete();
CREATE TRIGGER theme_rollups_after_insert AFTER INSERT ON public.feedback_themes REFERENCING NEW TABLE AS rollup_new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.theme_rollups_after_insert();
CREATE TRIGGER theme_rollups_after_update AFTER UPDATE ON public.feedback_themes REFERENCING OLD TABLE AS rollup_old_rows NEW TABLE AS rollup_new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.theme_rollups_after_update();
ALTER TABLE ONLY public.api_idempotency_keys
    ADD CONSTRAINT fk_api_idempotency_keys_tenant_id_tenants FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.api_tokens
    ADD CONSTRAINT fk_api_tokens_created_by_id_users FOREIGN KEY (created_by_id) REFERENCES public.users(id) ON DELETE SET NULL;
ALTER TABLE ONLY public.api_tokens
    ADD CONSTRAINT fk_api_tokens_tenant_id_tenants FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.audit_entries
    ADD CONSTRAINT fk_audit_entries_actor_id_users FOREIGN KEY (actor_id) REFERENCES public.users(id) ON DELETE SET NULL;
ALTER TABLE ONLY public.audit_entries
    ADD CONSTRAINT fk_audit_entries_tenant_id_tenants FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.automation_rules
    ADD CONSTRAINT fk_automation_rules_category_id_feedback_categories FOREIGN KEY (category_id) REFERENCES public.feedback_categories(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.automation_rules
    ADD CONSTRAINT fk_automation_rules_created_by_id_users FOREIGN KEY (created_by_id) REFERENCES public.users(id) ON DELETE SET NULL;
ALTER TABLE ONLY public.automation_rules
    ADD CONSTRAINT fk_automation_rules_owner_id_users FOREIGN KEY (owner_id) REFERENCES public.users(id) ON DELETE SET NULL;
ALTER TABLE ONLY public.automation_rules
    ADD CONSTRAINT fk_automation_rules_tenant_id_tenants FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.automation_rules
    ADD CONSTRAINT fk_automation_rules_tier_id_partner_tiers FOREIGN KEY (tier_id) REFERENCES public.partner_tiers(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.customer_contacts
    ADD CONSTRAINT fk_customer_contacts_partner_id_partners FOREIGN KEY (partner_id) REFERENCES public.partners(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.customer_contacts
    ADD CONSTRAINT fk_customer_contacts_tenant_id_tenants FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.feedback_categories
    ADD CONSTRAINT fk_feedback_categories_tenant_id_tenants FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.feedback_daily_rollups
    ADD CONSTRAINT fk_feedback_daily_rollups_tenant_id_tenants FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.feedback_items
    ADD CONSTRAINT fk_feedback_items_author_id_users FOREIGN KEY (author_id) REFERENCES public.users(id) ON DELETE SET NULL;
ALTER TABLE ONLY public.feedback_items
    ADD CONSTRAINT fk_feedback_items_category_id_feedback_categories FOREIGN KEY (category_id) REFERENCES public.feedback_categories(id) ON DELETE SET NULL;
ALTER TABLE ONLY public.feedback_items
    ADD CONSTRAINT fk_feedback_items_contact_id_customer_contacts FOREIGN KEY (contact_id) REFERENCES public.customer_contacts(id) ON DELETE SET NULL;
ALTER TABLE ONLY public.feedback_items
    ADD CONSTRAINT fk_feedback_items_partner_id_partners FOREIGN KEY (partner_id) REFERENCES public.partners(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.feedback_items
    ADD CONSTRAINT fk_feedback_items_program_element_id_program_elements FOREIGN KEY (program_element_id) REFERENCES public.program_elements(id) ON DELETE SET NULL;
ALTER TABLE ONLY public.feedback_items
    ADD CONSTRAINT fk_feedback_items_tenant_id_tenants FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.feedback_program_rollups
    ADD CONSTRAINT fk_feedback_program_rollups_tenant_id_tenants FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.feedback_themes
    ADD CONSTRAINT fk_feedback_themes_feedback_item_id_feedback_items FOREIGN KEY (feedback_item_id) REFERENCES public.feedback_items(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.feedback_themes
    ADD CONSTRAINT fk_feedback_themes_tenant_id_tenants FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.feedback_themes
    ADD CONSTRAINT fk_feedback_themes_theme_id_themes FOREIGN KEY (theme_id) REFERENCES public.themes(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.feedback_weekly_partner_rollups
    ADD CONSTRAINT fk_feedback_weekly_partner_rollups_tenant_id_tenants FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.follow_up_activities
    ADD CONSTRAINT fk_follow_up_activities_actor_id_users FOREIGN KEY (actor_id) REFERENCES public.users(id) ON DELETE SET NULL;
ALTER TABLE ONLY public.follow_up_activities
    ADD CONSTRAINT fk_follow_up_activities_follow_up_id_follow_ups FOREIGN KEY (follow_up_id) REFERENCES public.follow_ups(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.follow_up_activities
    ADD CONSTRAINT fk_follow_up_activities_partner_id_partners FOREIGN KEY (partner_id) REFERENCES public.partners(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.follow_up_activities
    ADD CONSTRAINT fk_follow_up_activities_tenant_id_tenants FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.follow_up_policies
    ADD CONSTRAINT fk_follow_up_policies_escalation_user_id_users FOREIGN KEY (escalation_user_id) REFERENCES public.users(id) ON DELETE SET NULL;
ALTER TABLE ONLY public.follow_up_policies
    ADD CONSTRAINT fk_follow_up_policies_tenant_id_tenants FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.follow_ups
    ADD CONSTRAINT fk_follow_ups_about_partner_id_partners FOREIGN KEY (about_partner_id) REFERENCES public.partners(id) ON DELETE SET NULL;
ALTER TABLE ONLY public.follow_ups
    ADD CONSTRAINT fk_follow_ups_created_by_id_users FOREIGN KEY (created_by_id) REFERENCES public.users(id) ON DELETE SET NULL;
ALTER TABLE ONLY public.follow_ups
    ADD CONSTRAINT fk_follow_ups_feedback_item_id_feedback_items FOREIGN KEY (feedback_item_id) REFERENCES public.feedback_items(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.follow_ups
    ADD CONSTRAINT fk_follow_ups_idea_id_ideas FOREIGN KEY (idea_id) REFERENCES public.ideas(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.follow_ups
    ADD CONSTRAINT fk_follow_ups_owner_id_users FOREIGN KEY (owner_id) REFERENCES public.users(id) ON DELETE SET NULL;
ALTER TABLE ONLY public.follow_ups
    ADD CONSTRAINT fk_follow_ups_partner_id_partners FOREIGN KEY (partner_id) REFERENCES public.partners(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.follow_ups
    ADD CONSTRAINT fk_follow_ups_rule_id_automation_rules FOREIGN KEY (rule_id) REFERENCES public.automation_rules(id) ON DELETE SET NULL;
ALTER TABLE ONLY public.follow_ups
    ADD CONSTRAINT fk_follow_ups_tenant_id_tenants FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.idea_comments
    ADD CONSTRAINT fk_idea_comments_author_id_users FOREIGN KEY (author_id) REFERENCES public.users(id) ON DELETE SET NULL;
ALTER TABLE ONLY public.idea_comments
    ADD CONSTRAINT fk_idea_comments_idea_id_ideas FOREIGN KEY (idea_id) REFERENCES public.ideas(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.idea_comments
    ADD CONSTRAINT fk_idea_comments_partner_id_partners FOREIGN KEY (partner_id) REFERENCES public.partners(id) ON DELETE SET NULL;
ALTER TABLE ONLY public.idea_comments
    ADD CONSTRAINT fk_idea_comments_tenant_id_tenants FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.idea_feedback_links
    ADD CONSTRAINT fk_idea_feedback_links_feedback_item_id_feedback_items FOREIGN KEY (feedback_item_id) REFERENCES public.feedback_items(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.idea_feedback_links
    ADD CONSTRAINT fk_idea_feedback_links_idea_id_ideas FOREIGN KEY (idea_id) REFERENCES public.ideas(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.idea_feedback_links
    ADD CONSTRAINT fk_idea_feedback_links_tenant_id_tenants FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.idea_notes
    ADD CONSTRAINT fk_idea_notes_author_id_users FOREIGN KEY (author_id) REFERENCES public.users(id) ON DELETE SET NULL;
ALTER TABLE ONLY public.idea_notes
    ADD CONSTRAINT fk_idea_notes_idea_id_ideas FOREIGN KEY (idea_id) REFERENCES public.ideas(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.idea_notes
    ADD CONSTRAINT fk_idea_notes_tenant_id_tenants FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.idea_statuses
    ADD CONSTRAINT fk_idea_statuses_tenant_id_tenants FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.idea_votes
    ADD CONSTRAINT fk_idea_votes_idea_id_ideas FOREIGN KEY (idea_id) REFERENCES public.ideas(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.idea_votes
    ADD CONSTRAINT fk_idea_votes_partner_id_partners FOREIGN KEY (partner_id) REFERENCES public.partners(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.idea_votes
    ADD CONSTRAINT fk_idea_votes_recorded_by_id_users FOREIGN KEY (recorded_by_id) REFERENCES public.users(id) ON DELETE SET NULL;
ALTER TABLE ONLY public.idea_votes
    ADD CONSTRAINT fk_idea_votes_tenant_id_tenants FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.idea_votes
    ADD CONSTRAINT fk_idea_votes_user_id_users FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.ideas
    ADD CONSTRAINT fk_ideas_author_id_users FOREIGN KEY (author_id) REFERENCES public.users(id) ON DELETE SET NULL;
ALTER TABLE ONLY public.ideas
    ADD CONSTRAINT fk_ideas_merged_into_id_ideas FOREIGN KEY (merged_into_id) REFERENCES public.ideas(id) ON DELETE SET NULL;
ALTER TABLE ONLY public.ideas
    ADD CONSTRAINT fk_ideas_partner_id_partners FOREIGN KEY (partner_id) REFERENCES public.partners(id) ON DELETE SET NULL;
ALTER TABLE ONLY public.ideas
    ADD CONSTRAINT fk_ideas_program_element_id_program_elements FOREIGN KEY (program_element_id) REFERENCES public.program_elements(id) ON DELETE SET NULL;
ALTER TABLE ONLY public.ideas
    ADD CONSTRAINT fk_ideas_source_feedback_id_feedback_items FOREIGN KEY (source_feedback_id) REFERENCES public.feedback_items(id) ON DELETE SET NULL;
ALTER TABLE ONLY public.ideas
    ADD CONSTRAINT fk_ideas_status_id_idea_statuses FOREIGN KEY (status_id) REFERENCES public.idea_statuses(id);
ALTER TABLE ONLY public.ideas
    ADD CONSTRAINT fk_ideas_tenant_id_tenants FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.import_batches
    ADD CONSTRAINT fk_import_batches_created_by_id_users FOREIGN KEY (created_by_id) REFERENCES public.users(id) ON DELETE SET NULL;
ALTER TABLE ONLY public.import_batches
    ADD CONSTRAINT fk_import_batches_tenant_id_tenants FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.import_row_errors
    ADD CONSTRAINT fk_import_row_errors_batch_id_import_batches FOREIGN KEY (batch_id) REFERENCES public.import_batches(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.import_row_errors
    ADD CONSTRAINT fk_import_row_errors_tenant_id_tenants FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.internal_notes
    ADD CONSTRAINT fk_internal_notes_author_id_users FOREIGN KEY (author_id) REFERENCES public.users(id) ON DELETE SET NULL;
ALTER TABLE ONLY public.internal_notes
    ADD CONSTRAINT fk_internal_notes_feedback_item_id_feedback_items FOREIGN KEY (feedback_item_id) REFERENCES public.feedback_items(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.internal_notes
    ADD CONSTRAINT fk_internal_notes_tenant_id_tenants FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.invitations
    ADD CONSTRAINT fk_invitations_invited_by_id_users FOREIGN KEY (invited_by_id) REFERENCES public.users(id) ON DELETE SET NULL;
ALTER TABLE ONLY public.invitations
    ADD CONSTRAINT fk_invitations_partner_id_partners FOREIGN KEY (partner_id) REFERENCES public.partners(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.invitations
    ADD CONSTRAINT fk_invitations_tenant_id_tenants FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.loop_replies
    ADD CONSTRAINT fk_loop_replies_author_id_users FOREIGN KEY (author_id) REFERENCES public.users(id) ON DELETE SET NULL;
ALTER TABLE ONLY public.loop_replies
    ADD CONSTRAINT fk_loop_replies_feedback_item_id_feedback_items FOREIGN KEY (feedback_item_id) REFERENCES public.feedback_items(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.loop_replies
    ADD CONSTRAINT fk_loop_replies_follow_up_id_follow_ups FOREIGN KEY (follow_up_id) REFERENCES public.follow_ups(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.loop_replies
    ADD CONSTRAINT fk_loop_replies_idea_id_ideas FOREIGN KEY (idea_id) REFERENCES public.ideas(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.loop_replies
    ADD CONSTRAINT fk_loop_replies_partner_id_partners FOREIGN KEY (partner_id) REFERENCES public.partners(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.loop_replies
    ADD CONSTRAINT fk_loop_replies_tenant_id_tenants FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.memberships
    ADD CONSTRAINT fk_memberships_partner_id_partners FOREIGN KEY (partner_id) REFERENCES public.partners(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.memberships
    ADD CONSTRAINT fk_memberships_tenant_id_tenants FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.memberships
    ADD CONSTRAINT fk_memberships_user_id_users FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.outbox_messages
    ADD CONSTRAINT fk_outbox_messages_tenant_id_tenants FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.partner_tiers
    ADD CONSTRAINT fk_partner_tiers_tenant_id_tenants FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.partners
    ADD CONSTRAINT fk_partners_manager_id_users FOREIGN KEY (manager_id) REFERENCES public.users(id) ON DELETE SET NULL;
ALTER TABLE ONLY public.partners
    ADD CONSTRAINT fk_partners_tenant_id_tenants FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.partners
    ADD CONSTRAINT fk_partners_tier_id_partner_tiers FOREIGN KEY (tier_id) REFERENCES public.partner_tiers(id) ON DELETE SET NULL;
ALTER TABLE ONLY public.password_reset_tokens
    ADD CONSTRAINT fk_password_reset_tokens_user_id_users FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.program_action_feedback
    ADD CONSTRAINT fk_program_action_feedback_action_id_program_actions FOREIGN KEY (action_id) REFERENCES public.program_actions(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.program_action_feedback
    ADD CONSTRAINT fk_program_action_feedback_feedback_item_id_feedback_items FOREIGN KEY (feedback_item_id) REFERENCES public.feedback_items(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.program_action_feedback
    ADD CONSTRAINT fk_program_action_feedback_tenant_id_tenants FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.program_action_partners
    ADD CONSTRAINT fk_program_action_partners_action_id_program_actions FOREIGN KEY (action_id) REFERENCES public.program_actions(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.program_action_partners
    ADD CONSTRAINT fk_program_action_partners_partner_id_partners FOREIGN KEY (partner_id) REFERENCES public.partners(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.program_action_partners
    ADD CONSTRAINT fk_program_action_partners_tenant_id_tenants FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.program_actions
    ADD CONSTRAINT fk_program_actions_created_by_id_users FOREIGN KEY (created_by_id) REFERENCES public.users(id) ON DELETE SET NULL;
ALTER TABLE ONLY public.program_actions
    ADD CONSTRAINT fk_program_actions_program_element_id_program_elements FOREIGN KEY (program_element_id) REFERENCES public.program_elements(id) ON DELETE SET NULL;
ALTER TABLE ONLY public.program_actions
    ADD CONSTRAINT fk_program_actions_tenant_id_tenants FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.program_elements
    ADD CONSTRAINT fk_program_elements_tenant_id_tenants FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.suppressed_addresses
    ADD CONSTRAINT fk_suppressed_addresses_tenant_id_tenants FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.survey_answers
    ADD CONSTRAINT fk_survey_answers_partner_id_partners FOREIGN KEY (partner_id) REFERENCES public.partners(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.survey_answers
    ADD CONSTRAINT fk_survey_answers_question_id_survey_questions FOREIGN KEY (question_id) REFERENCES public.survey_questions(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.survey_answers
    ADD CONSTRAINT fk_survey_answers_response_id_survey_responses FOREIGN KEY (response_id) REFERENCES public.survey_responses(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.survey_answers
    ADD CONSTRAINT fk_survey_answers_tenant_id_tenants FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.survey_campaigns
    ADD CONSTRAINT fk_survey_campaigns_created_by_id_users FOREIGN KEY (created_by_id) REFERENCES public.users(id) ON DELETE SET NULL;
ALTER TABLE ONLY public.survey_campaigns
    ADD CONSTRAINT fk_survey_campaigns_partner_id_partners FOREIGN KEY (partner_id) REFERENCES public.partners(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.survey_campaigns
    ADD CONSTRAINT fk_survey_campaigns_survey_id_surveys FOREIGN KEY (survey_id) REFERENCES public.surveys(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.survey_campaigns
    ADD CONSTRAINT fk_survey_campaigns_tenant_id_tenants FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.survey_questions
    ADD CONSTRAINT fk_survey_questions_survey_id_surveys FOREIGN KEY (survey_id) REFERENCES public.surveys(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.survey_questions
    ADD CONSTRAINT fk_survey_questions_tenant_id_tenants FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.survey_recipients
    ADD CONSTRAINT fk_survey_recipients_campaign_id_survey_campaigns FOREIGN KEY (campaign_id) REFERENCES public.survey_campaigns(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.survey_recipients
    ADD CONSTRAINT fk_survey_recipients_contact_id_customer_contacts FOREIGN KEY (contact_id) REFERENCES public.customer_contacts(id) ON DELETE SET NULL;
ALTER TABLE ONLY public.survey_recipients
    ADD CONSTRAINT fk_survey_recipients_outbox_message_id_outbox_messages FOREIGN KEY (outbox_message_id) REFERENCES public.outbox_messages(id) ON DELETE SET NULL;
ALTER TABLE ONLY public.survey_recipients
    ADD CONSTRAINT fk_survey_recipients_partner_id_partners FOREIGN KEY (partner_id) REFERENCES public.partners(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.survey_recipients
    ADD CONSTRAINT fk_survey_recipients_tenant_id_tenants FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.survey_recipients
    ADD CONSTRAINT fk_survey_recipients_user_id_users FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE SET NULL;
ALTER TABLE ONLY public.survey_responses
    ADD CONSTRAINT fk_survey_responses_campaign_id_survey_campaigns FOREIGN KEY (campaign_id) REFERENCES public.survey_campaigns(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.survey_responses
    ADD CONSTRAINT fk_survey_responses_feedback_item_id_feedback_items FOREIGN KEY (feedback_item_id) REFERENCES public.feedback_items(id) ON DELETE SET NULL;
ALTER TABLE ONLY public.survey_responses
    ADD CONSTRAINT fk_survey_responses_partner_id_partners FOREIGN KEY (partner_id) REFERENCES public.partners(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.survey_responses
    ADD CONSTRAINT fk_survey_responses_recipient_id_survey_recipients FOREIGN KEY (recipient_id) REFERENCES public.survey_recipients(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.survey_responses
    ADD CONSTRAINT fk_survey_responses_tenant_id_tenants FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.surveys
    ADD CONSTRAINT fk_surveys_created_by_id_users FOREIGN KEY (created_by_id) REFERENCES public.users(id) ON DELETE SET NULL;
ALTER TABLE ONLY public.surveys
    ADD CONSTRAINT fk_surveys_previous_version_id_surveys FOREIGN KEY (previous_version_id) REFERENCES public.surveys(id) ON DELETE SET NULL;
ALTER TABLE ONLY public.surveys
    ADD CONSTRAINT fk_surveys_tenant_id_tenants FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.tenant_settings
    ADD CONSTRAINT fk_tenant_settings_tenant_id_tenants FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.theme_daily_rollups
    ADD CONSTRAINT fk_theme_daily_rollups_tenant_id_tenants FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.themes
    ADD CONSTRAINT fk_themes_tenant_id_tenants FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.webhook_deliveries
    ADD CONSTRAINT fk_webhook_deliveries_endpoint_id_webhook_endpoints FOREIGN KEY (endpoint_id) REFERENCES public.webhook_endpoints(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.webhook_deliveries
    ADD CONSTRAINT fk_webhook_deliveries_tenant_id_tenants FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.webhook_endpoints
    ADD CONSTRAINT fk_webhook_endpoints_created_by_id_users FOREIGN KEY (created_by_id) REFERENCES public.users(id) ON DELETE SET NULL;
ALTER TABLE ONLY public.webhook_endpoints
    ADD CONSTRAINT fk_webhook_endpoints_tenant_id_tenants FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;
ALTER TABLE public.api_idempotency_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.api_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.audit_entries ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.automation_rules ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.customer_contacts ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.feedback_categories ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.feedback_daily_rollups ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.feedback_items ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.feedback_program_rollups ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.feedback_themes ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.feedback_weekly_partner_rollups ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.follow_up_activities ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.follow_up_policies ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.follow_ups ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.idea_comments ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.idea_feedback_links ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.idea_notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.idea_statuses ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.idea_votes ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.ideas ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.import_batches ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.import_row_errors ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.internal_notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.invitations ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.loop_replies ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.memberships ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.outbox_messages ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.partner_tiers ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.partners ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.program_action_feedback ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.program_action_partners ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.program_actions ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.program_elements ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.suppressed_addresses ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.survey_answers ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.survey_campaigns ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.survey_questions ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.survey_recipients ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.survey_responses ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.surveys ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON public.api_idempotency_keys USING (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif")))) WITH CHECK (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif"))));
CREATE POLICY tenant_isolation ON public.api_tokens USING (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif")))) WITH CHECK (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif"))));
CREATE POLICY tenant_isolation ON public.audit_entries USING (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif")))) WITH CHECK (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif"))));
CREATE POLICY tenant_isolation ON public.automation_rules USING (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif")))) WITH CHECK (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif"))));
CREATE POLICY tenant_isolation ON public.customer_contacts USING (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif")))) WITH CHECK (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif"))));
CREATE POLICY tenant_isolation ON public.feedback_categories USING (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif")))) WITH CHECK (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif"))));
CREATE POLICY tenant_isolation ON public.feedback_daily_rollups USING (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif")))) WITH CHECK (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif"))));
CREATE POLICY tenant_isolation ON public.feedback_items USING (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif")))) WITH CHECK (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif"))));
CREATE POLICY tenant_isolation ON public.feedback_program_rollups USING (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif")))) WITH CHECK (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif"))));
CREATE POLICY tenant_isolation ON public.feedback_themes USING (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif")))) WITH CHECK (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif"))));
CREATE POLICY tenant_isolation ON public.feedback_weekly_partner_rollups USING (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif")))) WITH CHECK (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif"))));
CREATE POLICY tenant_isolation ON public.follow_up_activities USING (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif")))) WITH CHECK (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif"))));
CREATE POLICY tenant_isolation ON public.follow_up_policies USING (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif")))) WITH CHECK (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif"))));
CREATE POLICY tenant_isolation ON public.follow_ups USING (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif")))) WITH CHECK (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif"))));
CREATE POLICY tenant_isolation ON public.idea_comments USING (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif")))) WITH CHECK (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif"))));
CREATE POLICY tenant_isolation ON public.idea_feedback_links USING (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif")))) WITH CHECK (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif"))));
CREATE POLICY tenant_isolation ON public.idea_notes USING (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif")))) WITH CHECK (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif"))));
CREATE POLICY tenant_isolation ON public.idea_statuses USING (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif")))) WITH CHECK (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif"))));
CREATE POLICY tenant_isolation ON public.idea_votes USING (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif")))) WITH CHECK (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif"))));
CREATE POLICY tenant_isolation ON public.ideas USING (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif")))) WITH CHECK (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif"))));
CREATE POLICY tenant_isolation ON public.import_batches USING (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif")))) WITH CHECK (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif"))));
CREATE POLICY tenant_isolation ON public.import_row_errors USING (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif")))) WITH CHECK (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif"))));
CREATE POLICY tenant_isolation ON public.internal_notes USING (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif")))) WITH CHECK (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif"))));
CREATE POLICY tenant_isolation ON public.invitations USING (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif")))) WITH CHECK (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif"))));
CREATE POLICY tenant_isolation ON public.loop_replies USING (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif")))) WITH CHECK (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif"))));
CREATE POLICY tenant_isolation ON public.memberships USING (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif")))) WITH CHECK (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif"))));
CREATE POLICY tenant_isolation ON public.outbox_messages USING (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif")) OR (tenant_id IS NULL))) WITH CHECK (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif")) OR (tenant_id IS NULL)));
CREATE POLICY tenant_isolation ON public.partner_tiers USING (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif")))) WITH CHECK (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif"))));
CREATE POLICY tenant_isolation ON public.partners USING (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif")))) WITH CHECK (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif"))));
CREATE POLICY tenant_isolation ON public.program_action_feedback USING (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif")))) WITH CHECK (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif"))));
CREATE POLICY tenant_isolation ON public.program_action_partners USING (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif")))) WITH CHECK (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif"))));
CREATE POLICY tenant_isolation ON public.program_actions USING (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif")))) WITH CHECK (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif"))));
CREATE POLICY tenant_isolation ON public.program_elements USING (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif")))) WITH CHECK (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif"))));
CREATE POLICY tenant_isolation ON public.suppressed_addresses USING (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif")))) WITH CHECK (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif"))));
CREATE POLICY tenant_isolation ON public.survey_answers USING (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif")))) WITH CHECK (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif"))));
CREATE POLICY tenant_isolation ON public.survey_campaigns USING (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif")))) WITH CHECK (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif"))));
CREATE POLICY tenant_isolation ON public.survey_questions USING (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif")))) WITH CHECK (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif"))));
CREATE POLICY tenant_isolation ON public.survey_recipients USING (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif")))) WITH CHECK (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif"))));
CREATE POLICY tenant_isolation ON public.survey_responses USING (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif")))) WITH CHECK (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif"))));
CREATE POLICY tenant_isolation ON public.surveys USING (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif")))) WITH CHECK (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif"))));
CREATE POLICY tenant_isolation ON public.tenant_settings USING (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif")))) WITH CHECK (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif"))));
CREATE POLICY tenant_isolation ON public.theme_daily_rollups USING (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif")))) WITH CHECK (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif"))));
CREATE POLICY tenant_isolation ON public.themes USING (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif")))) WITH CHECK (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif"))));
CREATE POLICY tenant_isolation ON public.webhook_deliveries USING (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif")))) WITH CHECK (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif"))));
CREATE POLICY tenant_isolation ON public.webhook_endpoints USING (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif")))) WITH CHECK (((( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif") IS NULL) OR (tenant_id = ( SELECT (NULLIF(current_setting('partnerloop.tenant_id'::text, true), ''::text))::integer AS "nullif"))));
ALTER TABLE public.tenant_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.theme_daily_rollups ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.themes ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.webhook_deliveries ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.webhook_endpoints ENABLE ROW LEVEL SECURITY;
