{#- Duplicates inside one system (two Salesforce accounts for one company): merged in the warehouse, and
    listed here so ops can merge them at the source too. -#}
{{ duplicates_in_one_system('account', ['account_name', 'website']) }}
