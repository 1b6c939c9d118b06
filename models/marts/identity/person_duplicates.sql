{#- Duplicates inside one system (two HubSpot contacts for one person): merged in the warehouse, and
    listed here so ops can merge them at the source too. -#}
{{ duplicates_in_one_system('person', ['email', 'full_name']) }}
