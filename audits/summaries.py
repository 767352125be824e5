"""The checks' own words: each summary and evidence detail the audit writes, as the English message
of a note's code (audits/notes.py), so that the archive says them in Russian or Kazakh
(reports/locales extract them). What a page gave (a URL, a link's text, a title, an axe-core rule
id, an error) is a value among the words, never translated.

Russian declines a noun after a number: a count that governs a noun makes a plural message (the
count is `n`, English's two forms given, each language its own), and other numbers are worded
without agreement ("pages: 3")."""

from __future__ import annotations

from egov_audit.audits.notes import N_, Plural, ngettext

SUMMARIES: dict[str, str | Plural] = {
    # audits/engine.py: a rule over pages
    "scope_page_check": N_("check %(check)s examines one page; give the rule a page scope"),
    "scope_site_check": N_("check %(check)s examines the whole site; use scope 'site'"),
    "home_gave_no_page": N_("The home page gave no page, so there was nothing to examine."),
    "no_page_selected": N_("No crawled page is one this rule examines."),
    "no_page_examined": N_("No page could be examined: %(why)s"),
    "sampled_share": N_("%(failing)s of %(pages)s rendered pages fail; weighted by template, %(share)s pass."),
    "sampled_share_needed": N_(
        "%(failing)s of %(pages)s rendered pages fail; weighted by template, %(share)s pass; at least %(min)s must."
    ),
    "page_share": N_("%(failing)s of %(pages)s pages fail (%(share)s pass)."),
    "page_share_needed": N_("%(failing)s of %(pages)s pages fail (%(share)s pass); at least %(min)s must."),
    "all_pages_pass": N_("All %(pages)s pages pass."),
    "not_applicable_to_any": N_("Not applicable to any of %(pages)s pages: %(why)s"),
    "no_page_to_examine": N_("no page to examine"),
    "on_page": N_("%(summary)s (on %(url)s)"),
    "none_of_pages_passes": N_("None of the %(pages)s pages examined passes."),
    "check_failed": N_("check %(check)s failed: %(error)s"),
    # audits/broken_links.py: what a fetch gave
    "no_answer": N_("no answer"),
    "answer_via": N_("%(answer)s via %(url)s"),
    "broken_linked_from": N_("%(answer)s; linked from %(pages)s"),
    "broken_linked_from_more": N_("%(answer)s; linked from %(pages)s and %(more)s more"),
    "broken_in_sitemap": N_("%(answer)s; listed in the sitemap"),
    "broken_start_url": N_("%(answer)s; the start URL"),
    # audits/checks/availability.py
    "start_not_fetched": N_("The start URL was not fetched."),
    "home_answers": N_("The home page answers %(answer)s at %(url)s."),
    "home_not_html": N_("The home page is not HTML (%(type)s)."),
    "home_not_html_untyped": N_("The home page is not HTML (no type)."),
    "home_redirects_away": N_("The home page redirects to %(url)s, outside the audited site (see --allow-host)."),
    "home_redirects_endlessly": N_("The home page redirects without end (a loop or too many hops)."),
    "home_no_answer": N_("The home page does not answer: %(answer)s."),
    "no_page_fetched": N_("No page was fetched."),
    "success_share": N_("%(share)s of %(pages)s pages answer 2xx (at least %(min)s expected)."),
    "nothing_followed": N_("No internal link or sitemap entry was followed."),
    "all_urls_answer": N_("All %(urls)s internal URLs answer."),
    "broken_links": ngettext(
        "%(n)s broken internal link among %(urls)s internal URLs.",
        "%(n)s broken internal links among %(urls)s internal URLs.",
    ),
    "no_redirect": N_("No redirect was met."),
    "redirect_loop": N_("redirect loop: %(path)s"),
    "redirects": ngettext("%(n)s redirect: %(path)s", "%(n)s redirects: %(path)s"),
    "redirects_short": ngettext(
        "%(n)s redirect, none longer than %(max)s hops.", "%(n)s redirects, none longer than %(max)s hops."
    ),
    "redirects_long": N_("%(long)s of %(redirects)s redirect chains are longer than %(max)s hops or loop."),
    "no_link_followed": N_("No link was followed, so no family of URLs could be met."),
    "no_trap": N_("No endless family of URLs among %(urls)s URLs."),
    "traps": ngettext(
        "%(n)s family of URLs looks endless (calendars, filters).",
        "%(n)s families of URLs look endless (calendars, filters).",
    ),
    "no_page_answered_well": N_("No page answered without an error."),
    "response_percentile": N_(
        "P%(percentile)s response time is %(seconds)s s over %(pages)s pages (at most %(max)s s expected)."
    ),
    "seconds": N_("%(seconds)s s"),
    "page_not_answered_well": N_("The page did not answer without an error."),
    "answered_in": N_("Answered in %(seconds)s s."),
    "answered_slowly": N_("Answered in %(seconds)s s, over %(max)s s."),
    "over_download_cap": N_("Larger than the download cap."),
    "bytes": ngettext("%(n)s byte", "%(n)s bytes"),
    "size": ngettext("%(n)s byte.", "%(n)s bytes."),
    "size_over": ngettext("%(n)s byte, over %(max)s.", "%(n)s bytes, over %(max)s."),
    # audits/checks/accessibility.py
    "impact_minor": N_("minor"),
    "impact_moderate": N_("moderate"),
    "impact_serious": N_("serious"),
    "impact_critical": N_("critical"),
    "no_impact": N_("no impact"),
    "axe_finding": N_("%(rule)s (%(impact)s) at %(targets)s"),
    "axe_finding_wcag": N_("%(rule)s (%(impact)s; WCAG %(criteria)s) at %(targets)s"),
    "not_rendered": N_("The page was not rendered."),
    "no_violation": ngettext("No violation (%(n)s axe rule passed).", "No violation (%(n)s axe rules passed)."),
    "violations_of": ngettext("%(n)s violation of %(rules)s.", "%(n)s violations of %(rules)s."),
    "no_sample_rendered": N_("No sampled page could be rendered: %(error)s."),
    "no_page_rendered": N_("No page was rendered."),
    "impact_violations": ngettext("%(n)s %(impacts)s violation: %(rules)s", "%(n)s %(impacts)s violations: %(rules)s"),
    "clean_share": N_(
        "%(clean)s of %(pages)s rendered pages have no %(impacts)s violation; weighted by template, %(share)s of "
        "the portal's pages (%(per_page)s violations per rendered page)."
    ),
    "nothing_to_review": N_("Nothing left for review."),
    "to_review": ngettext("%(n)s result needs a person's review.", "%(n)s results need a person's review."),
    # audits/checks/link_choice.py: why a link was chosen
    "candidate": N_("%(name)s -> %(url)s (score %(score)s: %(signals)s)"),
    "signal_text": N_("text has %(phrase)s (%(share)s of it)"),
    "signal_label": N_("label has %(phrase)s"),
    "signal_address_is": N_("address is %(phrase)s"),
    "signal_address_has": N_("address has %(phrase)s"),
    "signal_host": N_("leads to %(host)s"),
    "signal_pattern": N_("address matches the rule's pattern"),
    "signal_in_header": N_("in the header"),
    "signal_in_nav": N_("in the nav"),
    "signal_in_footer": N_("in the footer"),
    "signal_titled": N_("its page is titled with %(phrase)s"),
    "signal_reads_as_one": N_("its page reads as one (%(phrases)s)"),
    # audits/checks/content.py
    "not_html": N_("Not an HTML page."),
    "link_chosen": N_("chosen: %(link)s"),
    "link_runner_up": N_("runner-up: %(link)s"),
    "link_not_enough": N_("not enough: %(link)s"),
    "links_to": N_("Links to %(url)s (%(text)s)."),
    "no_link_to": N_("No link to %(sought)s among %(links)s links (read in %(languages)s)."),
    "no_link_to_short": N_("no link to %(sought)s"),
    "read_in": N_("%(sought)s (read in %(languages)s)"),
    "found": N_("found: %(text)s"),
    "found_texts": N_("Found %(texts)s."),
    "not_found": N_("Not found: %(missing)s."),
    "elements_match": ngettext("%(n)s element matches %(selector)s", "%(n)s elements match %(selector)s"),
    "elements_match_end": ngettext("%(n)s element matches %(selector)s.", "%(n)s elements match %(selector)s."),
    "kind_email": N_("email"),
    "kind_phone": N_("phone"),
    "kind_address": N_("address"),
    "contact_email": N_("email: %(value)s"),
    "contact_phone": N_("phone: %(value)s"),
    "contact_address": N_("address: %(value)s"),
    "postal_code": N_("postal code %(postcode)s"),
    "nor": N_(", no "),
    "no_contacts": N_("No %(kinds)s found."),
    "gives": N_("Gives %(kinds)s."),
    "no_date": N_("No update or publication date found."),
    "dated_days_before": ngettext(
        "dated %(date)s (%(n)s day before the crawl)", "dated %(date)s (%(n)s days before the crawl)"
    ),
    "updated_days_before": ngettext(
        "Updated %(date)s, %(n)s day before the crawl.", "Updated %(date)s, %(n)s days before the crawl."
    ),
    "last_dated": ngettext(
        "Last dated %(date)s, %(n)s day old (at most %(max)s expected).",
        "Last dated %(date)s, %(n)s days old (at most %(max)s expected).",
    ),
    "form_posting": ngettext(
        "form posting to %(action)s with %(n)s field", "form posting to %(action)s with %(n)s fields"
    ),
    "holds_form": N_("Holds a %(form)s."),
    "service_link": N_("links to %(url)s (%(text)s)"),
    "no_own_form_but": N_("Has no form of its own but %(link)s."),
    "no_usable_form": N_("No usable form and no link to a service that takes the request."),
    "forms_none_usable": ngettext("%(n)s form, none usable", "%(n)s forms, none usable"),
    "search_marked": N_("marked as a search"),
    "search_field_named": N_("a field named %(field)s"),
    "search_action_says": N_("its action %(action)s says %(word)s"),
    "search_field_says": N_("a field or button says %(word)s"),
    "search_form": N_("search form posting to %(action)s: %(reason)s"),
    "search_form_found": N_("Search form posting to %(action)s: %(reason)s."),
    "no_search_form": N_("No search form among %(forms)s forms."),
    "no_feedback_contact": N_("no feedback contact"),
    "no_enforcement": N_("no enforcement procedure"),
    "not_dated_within_year": N_("not dated within the last year"),
    "dated_days": ngettext("dated %(n)s day before the crawl", "dated %(n)s days before the crawl"),
    "statement_has": N_("The statement has %(problems)s."),
    "statement_complete": N_("Names a feedback contact and the enforcement procedure, and is recent."),
    "no_html_version_on": N_("no HTML version on %(url)s"),
    "no_date_on": N_("no date on %(url)s"),
    "no_document_links": N_("No document links."),
    "only_files": N_("%(files)s of %(documents)s documents (%(share)s) are published only as files."),
    # audits/checks/discovery.py
    "no_robots_no_sitemap": N_("No robots.txt and no sitemap with entries."),
    "no_robots": N_("No robots.txt."),
    "no_sitemap": N_("No sitemap with entries."),
    "robots_and_sitemaps": ngettext(
        "robots.txt and %(n)s sitemap with %(entries)s entries.",
        "robots.txt and %(n)s sitemaps with %(entries)s entries.",
    ),
    "no_sitemap_entries": N_("No sitemap with entries."),
    "no_lastmod": N_("%(section)s: no lastmod"),
    "last_modified": ngettext(
        "%(section)s: last modified %(date)s (%(n)s day)", "%(section)s: last modified %(date)s (%(n)s days)"
    ),
    "stale_section": ngettext("%(section)s (%(n)s day, at most %(max)s)", "%(section)s (%(n)s days, at most %(max)s)"),
    "no_lastmod_for_sections": N_("The sitemaps give no lastmod for these sections."),
    "stale": N_("Stale: %(sections)s."),
    "sections_fresh": N_("Every section was updated in time."),
    # audits/checks/inclusion.py
    "no_responsive_viewport": N_("No responsive viewport (width=device-width)."),
    "no_zoom": N_("The viewport forbids zooming."),
    "viewport_ok": N_("Responsive viewport, zoom allowed."),
    "not_walked_with_browser": N_("The page was not walked with a browser."),
    "rendered_no_words": N_("The rendered page shows no words."),
    "served_words": N_("its HTML as served shows %(served)s words, rendered %(rendered)s (%(share)s)"),
    "needs_javascript": N_("Most of its content needs JavaScript: %(detail)s."),
    "page_weight": N_("rendered: %(bytes)s bytes in %(requests)s requests"),
    "over_budget": N_("%(detail)s (budget %(bytes)s bytes, %(requests)s requests)."),
    "home_not_fetched": N_("The home page was not fetched, so there was nothing to examine."),
    "only_home_reached": N_("No page but the home page was reached."),
    "clicks": ngettext("%(n)s click", "%(n)s clicks"),
    "unreachable_by_clicks": N_("not reachable by clicks"),
    "unreachable_sitemap": N_("not reachable by clicks (only in the sitemap)"),
    "too_deep": N_("%(deep)s of %(pages)s pages are more than %(max)s clicks from the home page."),
    "within_clicks": N_("All %(pages)s pages within %(deepest)s clicks of the home page."),
    # audits/checks/language.py
    "no_lang": N_("No language declared on <html>."),
    "lang_missing": N_("lang missing"),
    "lang_invalid": N_("lang=%(lang)s is not a valid BCP 47 tag."),
    "lang_is_country": N_("lang=%(lang)s is a country code; the language code is %(meant)s."),
    "declares": N_("Declares %(lang)s."),
    "declares_reads_as": N_("declares %(lang)s, text reads as %(detected)s"),
    "declares_but": N_("Declares %(lang)s but the text is in %(detected)s."),
    "declares_and": N_("Declares %(lang)s, and the text is in %(declared)s."),
    "no_version": N_("no %(language)s version"),
    "version_not_reached": N_("%(language)s version %(url)s was not reached"),
    "version_written_in": N_("the %(language)s version is written in %(detected)s"),
    "versions_wrong": ngettext("%(n)s missing or wrong language version.", "%(n)s missing or wrong language versions."),
    "pages_exist_in": ngettext("%(n)s page exists in %(languages)s.", "%(n)s pages exist in %(languages)s."),
    # audits/checks/readability.py
    "no_formula": N_("No readability formula for the language %(language)s."),
    "too_short": ngettext("Too short to score (%(n)s word).", "Too short to score (%(n)s words)."),
    "reading_ease_over": ngettext(
        "reading ease %(score)s over %(n)s word (%(language)s)",
        "reading ease %(score)s over %(n)s words (%(language)s)",
    ),
    "hard_to_read": N_("Hard to read: reading ease %(score)s, at least %(min)s expected."),
    "reading_ease": N_("Reading ease %(score)s."),
    # audits/checks/trust.py
    "portal_no_answer": N_("The portal did not answer: %(answer)s."),
    "plain_http": N_("The portal is served over plain HTTP."),
    "served_https": N_("Served over HTTPS."),
    "served_https_redirected": N_("Served over HTTPS; %(url)s redirects to %(location)s."),
    "no_https_redirect": N_("%(url)s does not redirect to HTTPS (%(answer)s)."),
    "missing_headers": N_("Missing %(headers)s."),
    "headers_missing": N_("missing: %(headers)s"),
    "sends_headers": N_("Sends %(headers)s."),
    "not_html_over_https": N_("Not an HTML page served over HTTPS."),
    "insecure_resources": ngettext("Loads %(n)s resource over HTTP.", "Loads %(n)s resources over HTTP."),
    "secure_resources": N_("Loads every resource over HTTPS."),
    "loads_from": N_("loads from %(host)s"),
    "loads": N_("loads %(url)s"),
    "inline_script": N_("an inline script sets it up"),
    "tracker_host": N_("%(host)s (tracker)"),
    "tracker_how": N_("tracker %(tracker)s: %(how)s"),
    "third_party_hosts": ngettext(
        "%(n)s third-party host, no known tracker.", "%(n)s third-party hosts, no known tracker."
    ),
    "no_third_party": N_("no third-party host"),
    "trackers_with_policy": N_("Loads trackers (%(trackers)s) and links a privacy policy (%(url)s)."),
    "trackers_without_policy": N_("Loads trackers (%(trackers)s) without a privacy policy link."),
    "trackers_before_consent": N_("Loads trackers (%(trackers)s) before any consent."),
    "security_txt_not_requested": N_("security.txt was not requested."),
    "security_txt_not_asked": N_("security.txt could not be asked for: %(answer)s."),
    "no_security_txt": N_("No security.txt (%(answer)s)."),
    "no_contact_field": N_("no Contact field"),
    "no_expires_field": N_("no valid Expires field"),
    "expired_on": N_("expired on %(date)s"),
    "security_txt_has": N_("security.txt has %(problems)s."),
    "security_txt_names": N_("security.txt names %(contact)s, expires %(expires)s."),
    "not_https": N_("The portal is not served over HTTPS."),
    "no_tls_connection": N_("No TLS connection could be made: %(error)s."),
    "certificate_unverified": N_("The certificate does not verify: %(error)s."),
    "certificate_expiry_unknown": N_("The certificate expires soon (unknown left)."),
    "certificate_expires_soon": ngettext(
        "The certificate expires soon (%(n)s day left).", "The certificate expires soon (%(n)s days left)."
    ),
    "certificate_valid": ngettext(
        "The certificate verifies and is valid for %(n)s more day.",
        "The certificate verifies and is valid for %(n)s more days.",
    ),
    # audits/checks/participation.py
    "dated_entry": N_("%(date)s: %(text)s"),
    "dated_entries": ngettext(
        "Lists %(n)s entry with a date (the latest %(date)s).", "Lists %(n)s entries with a date (the latest %(date)s)."
    ),
    "upcoming_entries": ngettext(
        "Lists %(n)s entry dated on or after %(today)s (the next %(date)s).",
        "Lists %(n)s entries dated on or after %(today)s (the next %(date)s).",
    ),
    "too_few_dated_entries": ngettext(
        "Lists %(n)s entry with a date; at least %(min)s expected.",
        "Lists %(n)s entries with a date; at least %(min)s expected.",
    ),
    "too_few_upcoming": ngettext(
        "Lists %(n)s entry dated on or after %(today)s; at least %(min)s expected.",
        "Lists %(n)s entries dated on or after %(today)s; at least %(min)s expected.",
    ),
    "form_on_linked_page": N_("Links to %(url)s, which holds a %(form)s."),
    "no_form_within_reach": ngettext(
        "No usable form on the page nor on the %(n)s page its content links to.",
        "No usable form on the page nor on the %(n)s pages its content links to.",
    ),
    "contacts_found": ngettext("%(n)s contact: %(contacts)s", "%(n)s contacts: %(contacts)s"),
    "too_few_contacts": ngettext(
        "Gives %(n)s e-mail address or phone number; at least %(min)s expected.",
        "Gives %(n)s e-mail addresses or phone numbers; at least %(min)s expected.",
    ),
    "gives_contacts": ngettext(
        "Gives %(n)s e-mail address or phone number.", "Gives %(n)s e-mail addresses or phone numbers."
    ),
    "too_few_phrases": ngettext(
        "Holds %(n)s phrase of %(sought)s; at least %(min)s expected.",
        "Holds %(n)s phrases of %(sought)s; at least %(min)s expected.",
    ),
    "phrases_found": ngettext("Holds %(n)s phrase of %(sought)s.", "Holds %(n)s phrases of %(sought)s."),
    # audits/checks/navigation.py
    "sitemaps_read": ngettext("%(n)s sitemap with %(entries)s entries.", "%(n)s sitemaps with %(entries)s entries."),
    "sitemap_entries": ngettext("%(n)s entry", "%(n)s entries"),
    "no_sitemap_nor_link": N_("No sitemap with entries and no link to a site map on the home page."),
    "is_the_home_page": N_("The home page itself."),
    "no_home_link": N_("no link back to the home page"),
    "menu_share": N_("%(share)s of the home page's menu links (at least %(min)s expected)"),
    "menu_share_found": ngettext(
        "carries %(share)s of the home page's %(n)s menu link", "carries %(share)s of the home page's %(n)s menu links"
    ),
    "navigation_lacks": N_("Navigation: %(problems)s."),
    "home_and_menu": N_("Links back to the home page and carries %(share)s of its menu links."),
    "too_few_listed": ngettext(
        "Its content links to %(n)s page; at least %(min)s expected.",
        "Its content links to %(n)s pages; at least %(min)s expected.",
    ),
    "lists_links": ngettext("Its content links to %(n)s page.", "Its content links to %(n)s pages."),
    "too_few_hosts": N_("Hosts sought that the page links to: %(n)s (at least %(min)s expected)."),
    "links_to_hosts": ngettext("Links to %(n)s host sought: %(hosts)s.", "Links to %(n)s hosts sought: %(hosts)s."),
    "too_few_languages": ngettext(
        "The home page exists in %(n)s language; at least %(min)s expected.",
        "The home page exists in %(n)s languages; at least %(min)s expected.",
    ),
    "exists_in_languages": N_("The home page exists in %(languages)s."),
    "control_found": N_("A control (%(tag)s) says %(text)s (%(phrase)s)."),
    "no_control": N_("No link or button says %(sought)s (read in %(languages)s)."),
}
